import type { AnyNode } from "acorn";
import { foldConstant } from "./fold";
import { hostNameProblem } from "./host-name";
import { isKey } from "./module-shape";
import type { RuleContext } from "./rule-context";

/**
 * `network` lists the hosts ctx.http.fetch may reach: host names only, written out so that
 * the scan (and whoever reads the module) can see them.
 */
export function checkNetwork({
  moduleObject,
  resolveConst,
  resolveName,
  report,
}: RuleContext): void {
  for (const property of moduleObject?.properties ?? []) {
    if (property.type !== "Property" || !isKey(property, "network")) continue;
    let list: AnyNode = property.value;
    if (list.type === "Identifier") list = resolveName(list) ?? list;
    if (list.type !== "ArrayExpression") {
      report(
        "network-host",
        '`network` must be a list of host names written out in the module (`network: ["api.example.com"]`), so the scan can check them.',
        property.value,
      );
      continue;
    }
    for (const element of list.elements) {
      const host =
        element && element.type !== "SpreadElement" ? foldConstant(element, resolveConst) : null;
      if (typeof host !== "string") {
        report(
          "network-host",
          "each `network` entry must be a host name written as a string, so the scan can check it.",
          element ?? list,
        );
        continue;
      }
      const problem = hostNameProblem(host);
      if (problem) report("network-host", `${problem}.`, element ?? list);
    }
  }
}
