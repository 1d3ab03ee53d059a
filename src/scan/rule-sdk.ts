import type { AnyNode, ObjectPattern } from "acorn";
import { foldConstant } from "./fold";
import { NON_FUNCTION_GLOBALS, SAFE_GLOBALS } from "./globals";
import { staticKey } from "./names";
import type { RuleContext } from "./rule-context";
import { analyzeSdkValues, hasMember, membersOf, type SdkValue } from "./sdk-values";

/**
 * What the SDK hands a module is used by the names it has. Reading a member `ctx` (or
 * `ctx.matrix`, `ctx.reply`, ...) does not have is a probe for what the SDK keeps from modules
 * (`ctx.env`, `ctx.matrix.getAccessToken()`), and an SDK object or any function indexed with a
 * key the scan cannot read (`ctx[k]`, `(fn as any)[atob("...")]`) could be such a probe or a
 * way to a constructor; both are refused. Plain data (`obj[key]`, `arr[i]`, `ctx.argv[i]`)
 * keeps its computed keys, guarded at run time by the rewrite.
 */
export function checkSdkUse(context: RuleContext): void {
  const { nodes, report, resolveConst } = context;
  const sdk = analyzeSdkValues(context);

  const probe = (value: SdkValue, key: string, at: AnyNode) => {
    const what =
      value.kind === "object"
        ? `a ${value.type}`
        : value.kind === "method"
          ? "a function the SDK made"
          : `the "mxuserbot" module`;
    report(
      "sdk-member",
      `\`${value.path}.${key}\` does not exist: ${what} has only ${membersOf(value)
        .map((m) => `\`${m}\``)
        .join(
          ", ",
        )}. Reading anything else is a probe for what the SDK keeps from modules; use the members it has.`,
      at,
      at.type === "Identifier" ? key : undefined,
    );
  };

  const dynamic = (what: string, at: AnyNode) =>
    report(
      "dynamic-key",
      `${what} is indexed with a key the scan cannot read; SDK objects and functions may only be used through members named in the source (\`ctx.reply(...)\`, \`fn.call(...)\`), so write the member's name.`,
      at,
    );

  const unreadable = (key: AnyNode) =>
    key.type !== "PrivateIdentifier" && foldConstant(key, resolveConst) === null;

  for (const node of nodes) {
    if (node.type !== "MemberExpression" || node.object.type === "Super") continue;
    const values = sdk.valuesOf(node.object);
    if (node.computed && unreadable(node.property)) {
      const first = values[0];
      if (first) dynamic(`\`${first.path}\``, node.property);
      else {
        const fn = functionDescription(node.object, context);
        if (fn) dynamic(fn, node.property);
      }
      continue;
    }
    const key = staticKey(node, resolveConst);
    if (key === null) continue;
    for (const value of values) if (!hasMember(value, key)) probe(value, key, node.property);
  }

  for (const { property, values } of sdk.patternReads) {
    if (property.computed && unreadable(property.key)) {
      const first = values[0];
      if (first) dynamic(`\`${first.path}\``, property.key);
      continue;
    }
    const key = staticKey(property, resolveConst);
    if (key === null) continue;
    for (const value of values) if (!hasMember(value, key)) probe(value, key, property.key);
  }

  // `const { [k]: F } = fn`: destructuring a function with a key the scan cannot read.
  for (const node of nodes) {
    let pattern: ObjectPattern | null = null;
    let source: AnyNode | null = null;
    if (node.type === "VariableDeclarator" && node.id.type === "ObjectPattern" && node.init) {
      pattern = node.id;
      source = node.init;
    } else if (node.type === "AssignmentExpression" && node.left.type === "ObjectPattern") {
      pattern = node.left;
      source = node.right;
    }
    if (!pattern || !source || sdk.valuesOf(source).length > 0) continue;
    const fn = functionDescription(source, context);
    if (!fn) continue;
    for (const property of pattern.properties) {
      if (property.type === "Property" && property.computed && unreadable(property.key))
        dynamic(fn, property.key);
    }
  }
}

/** "a function" when the expression certainly is one (the module's own, or a built-in), else null. */
function functionDescription(node: AnyNode, context: RuleContext, depth = 0): string | null {
  if (depth > 10) return null;
  switch (node.type) {
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      return "a function";
    case "ClassExpression":
      return "a class";
    case "ChainExpression":
      return functionDescription(node.expression, context, depth + 1);
    case "Identifier": {
      const binding = context.scopes.bindingOf.get(node);
      if (binding === null) {
        // Restricted globals (Object, String, ...) are the global-member rule's.
        return SAFE_GLOBALS.get(node.name) === null && !NON_FUNCTION_GLOBALS.has(node.name)
          ? `the built-in \`${node.name}\``
          : null;
      }
      if (binding?.kind === "function") return `the function \`${node.name}\``;
      if (binding?.kind === "class") return `the class \`${node.name}\``;
      const init = context.resolveName(node);
      return init && functionDescription(init, context, depth + 1) ? `\`${node.name}\`` : null;
    }
    default:
      return null;
  }
}
