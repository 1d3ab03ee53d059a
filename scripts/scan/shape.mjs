import { SDK } from "./context.mjs";

/** @typedef {import("acorn").AnyNode} AnyNode */

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Checks that the default export is `defineModule({...})`, with `defineModule` imported from
 * the SDK, and reads the module's name. esbuild turns `export default <expr>` into
 * `var module_default = <expr>; export { module_default as default }`, so both forms are read.
 * @param {import("./context.mjs").RuleContext} context
 * @returns {string | null} the module's name when it is a plain string literal
 */
export function checkShape({ program, scopes, report }) {
  const SHAPE = `the default export must be \`defineModule({ name: "...", ... })\` with defineModule imported from "${SDK}"`;
  const exported = defaultExport(program, scopes);
  if (!exported) {
    report("module-shape", `no default export: ${SHAPE}.`, program.body[0] ?? program);
    return null;
  }
  const call = exported.type === "CallExpression" ? exported : null;
  const callee = call?.callee.type === "Identifier" ? call.callee : null;
  const binding = callee ? scopes.bindingOf.get(callee) : null;
  const objectArg = call?.arguments.length === 1 ? call.arguments[0] : undefined;
  if (
    !call ||
    !binding ||
    binding.kind !== "import" ||
    binding.source !== SDK ||
    binding.imported !== "defineModule" ||
    objectArg?.type !== "ObjectExpression"
  ) {
    report("module-shape", `${SHAPE}.`, exported);
    return null;
  }

  /** @type {import("acorn").Literal | null} */
  let nameNode = null;
  for (const property of objectArg.properties) {
    // A later spread could replace the name, so only a name after every spread counts.
    if (property.type === "SpreadElement") nameNode = null;
    else if (isNameKey(property)) {
      nameNode =
        property.kind === "init" &&
        property.value.type === "Literal" &&
        typeof property.value.value === "string"
          ? property.value
          : null;
    }
  }
  const name = /** @type {string | undefined} */ (nameNode?.value);
  if (name === undefined || !nameNode) {
    report(
      "module-name",
      'the module\'s `name` must be a plain string literal in defineModule({ name: "..." }), so the scan can tell which module it is.',
      objectArg,
    );
    return null;
  }
  if (!MODULE_NAME.test(name)) {
    report(
      "module-name",
      `the module name "${name}" must start with a letter and hold only letters, digits and _.`,
      nameNode,
    );
  }
  return name;
}

/** @param {import("acorn").Property} property */
function isNameKey(property) {
  if (property.computed) return false;
  const key = property.key;
  return (
    (key.type === "Identifier" && key.name === "name") ||
    (key.type === "Literal" && key.value === "name")
  );
}

/**
 * The expression exported as default, or null (no default export, or not an expression).
 * @param {import("acorn").Program} program
 * @param {import("./scope.mjs").ScopeInfo} scopes
 * @returns {AnyNode | null}
 */
function defaultExport(program, scopes) {
  for (const statement of program.body) {
    if (statement.type === "ExportDefaultDeclaration") return statement.declaration;
    if (statement.type !== "ExportNamedDeclaration" || statement.source) continue;
    for (const specifier of statement.specifiers) {
      const exportedName =
        specifier.exported.type === "Identifier"
          ? specifier.exported.name
          : specifier.exported.value;
      if (exportedName !== "default" || specifier.local.type !== "Identifier") continue;
      return initializerOf(program, scopes, specifier.local.name) ?? specifier.local;
    }
  }
  return null;
}

/**
 * The initializer of a top-level variable declared once and never assigned again, or null.
 * @param {import("acorn").Program} program
 * @param {import("./scope.mjs").ScopeInfo} scopes
 * @param {string} name
 */
function initializerOf(program, scopes, name) {
  const binding = scopes.moduleScope.names.get(name);
  if (!binding || binding.writes > 0 || binding.declarations !== 1) return null;
  for (const statement of program.body) {
    if (statement.type !== "VariableDeclaration") continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type === "Identifier" && declarator.id.name === name)
        return declarator.init ?? null;
    }
  }
  return null;
}
