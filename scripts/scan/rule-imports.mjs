import { SDK } from "./context.mjs";
import { forEachNode } from "./walk.mjs";

/** @param {import("./context.mjs").RuleContext} context */
export function checkImports({ program, report }) {
  forEachNode(program, (node) => {
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
        }
        return;
      case "ImportExpression":
        report(
          "dynamic-import",
          `dynamic \`import()\` is not allowed; import from "${SDK}" at the top of the file.`,
          node,
          "import",
        );
        return;
      case "MetaProperty":
        if (node.meta.name === "import") {
          report(
            "import-meta",
            "`import.meta` describes the Worker's bundle and is not available to modules.",
            node,
            "import",
          );
        }
        return;
      default:
    }
  });
}
