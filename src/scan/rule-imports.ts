import type { AnyNode } from "acorn";
import { SDK_VALUE_EXPORTS } from "../sdk/members";
import { RESERVED_PREFIX } from "./names";
import { type RuleContext, SDK } from "./rule-context";

const EXPORTS: ReadonlySet<string> = new Set(SDK_VALUE_EXPORTS);
const IMPORTABLE = SDK_VALUE_EXPORTS.filter((name) => !name.startsWith(RESERVED_PREFIX)).join(", ");

/**
 * Imports come from the SDK only, by the names it exports: a name it does not export would
 * break the bundle of every module, or be a probe for the core's internals.
 */
export function checkImports({ nodes, report }: RuleContext): void {
  const notExported = (name: string, at: AnyNode) =>
    report(
      "import-name",
      `"${SDK}" has no export named \`${name}\`; it exports ${IMPORTABLE} (and types, which need \`import type\`).`,
      at,
      name,
    );

  for (const node of nodes) {
    switch (node.type) {
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "ExportNamedDeclaration":
        if (node.source && node.source.value !== SDK) {
          report(
            "import",
            `imports from "${String(node.source.value)}" are not allowed; a module may import only from "${SDK}", and reaches everything else through its \`ctx\`.`,
            node.source,
          );
          break;
        }
        if (node.type === "ImportDeclaration") {
          for (const specifier of node.specifiers) {
            if (specifier.type === "ImportNamespaceSpecifier") continue;
            if (specifier.type === "ImportDefaultSpecifier") {
              notExported("default", specifier);
              continue;
            }
            const imported =
              specifier.imported.type === "Identifier"
                ? specifier.imported.name
                : String(specifier.imported.value);
            if (!EXPORTS.has(imported)) notExported(imported, specifier.imported);
          }
        } else if (node.type === "ExportNamedDeclaration" && node.source) {
          for (const specifier of node.specifiers) {
            const local =
              specifier.local.type === "Identifier"
                ? specifier.local.name
                : String(specifier.local.value);
            if (!EXPORTS.has(local)) notExported(local, specifier.local);
          }
        }
        break;
      case "ImportExpression":
        report(
          "dynamic-import",
          `dynamic \`import()\` is not allowed; import from "${SDK}" at the top of the file.`,
          node,
          "import",
        );
        break;
      case "MetaProperty":
        if (node.meta.name === "import") {
          report(
            "import-meta",
            "`import.meta` describes the Worker's bundle and is not available to modules.",
            node,
            "import",
          );
        }
        break;
      default:
    }
  }
}
