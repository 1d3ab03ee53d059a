import { sha256Hex } from "../hash";
import type { Registry } from "../modules/registry";
import type { LogLine } from "./journal";
import { insertLines, markReported, SETTING_REFUSED_REPORTED } from "./statements";

/**
 * Statements that report the modules this registry refused, once per list: every isolate builds
 * its own registry, so the list is compared with the one last reported, inside the batch.
 */
export async function refusedReport(
  d1: D1Database,
  registry: Registry,
  now: number,
): Promise<D1PreparedStatement[]> {
  const lines: LogLine[] = registry.refused.map((m) => ({
    at: now,
    level: "warn",
    text: `module ${m.name ?? m.file} refused: ${m.reasons.join("; ")}`,
  }));
  const hash = JSON.stringify(
    await sha256Hex(
      lines
        .map((l) => l.text)
        .sort()
        .join("\n"),
      16,
    ),
  );
  const reported = { key: SETTING_REFUSED_REPORTED, value: hash };
  return [
    ...(lines.length > 0 ? [insertLines(d1, lines, now, reported)] : []),
    markReported(d1, reported.key, reported.value),
  ];
}
