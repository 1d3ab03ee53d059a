// Reads `version: "..."` from a scanned module's defineModule({...}), for modules.lock.json.
import { parse } from "acorn";

/**
 * The version string a module declares, when it is a plain string literal; else undefined.
 * @param {string} code the JavaScript the scan gives back for an accepted module
 * @returns {string | undefined}
 */
export function moduleVersion(code) {
  /** @type {import("acorn").Program} */
  let program;
  try {
    program = parse(code, { ecmaVersion: "latest", sourceType: "module" });
  } catch {
    return undefined;
  }
  const target = defaultExport(program);
  if (target?.type !== "CallExpression") return undefined;
  const options = target.arguments[0];
  if (options?.type !== "ObjectExpression") return undefined;
  /** @type {string | undefined} */
  let version;
  for (const property of options.properties) {
    // A later spread could replace the version.
    if (property.type === "SpreadElement") version = undefined;
    else if (
      !property.computed &&
      ((property.key.type === "Identifier" && property.key.name === "version") ||
        (property.key.type === "Literal" && property.key.value === "version"))
    )
      version =
        property.value.type === "Literal" && typeof property.value.value === "string"
          ? property.value.value.slice(0, 50)
          : undefined;
  }
  return version;
}

/**
 * The expression a module exports as default: `export default x`, or esbuild's
 * `var module_default = …; export { module_default as default }`.
 * @param {import("acorn").Program} program
 * @returns {import("acorn").ExportDefaultDeclaration["declaration"] | null}
 */
function defaultExport(program) {
  for (const statement of program.body) {
    if (statement.type === "ExportDefaultDeclaration") {
      const declaration = statement.declaration;
      return declaration.type === "Identifier"
        ? initializerOf(program, declaration.name)
        : declaration;
    }
    if (statement.type === "ExportNamedDeclaration" && !statement.source)
      for (const specifier of statement.specifiers) {
        const exported = specifier.exported;
        const name = exported.type === "Identifier" ? exported.name : exported.value;
        if (name === "default" && specifier.local.type === "Identifier")
          return initializerOf(program, specifier.local.name);
      }
  }
  return null;
}

/**
 * @param {import("acorn").Program} program
 * @param {string} name
 * @returns {import("acorn").Expression | null}
 */
function initializerOf(program, name) {
  for (const statement of program.body) {
    if (statement.type !== "VariableDeclaration") continue;
    for (const declarator of statement.declarations)
      if (declarator.id.type === "Identifier" && declarator.id.name === name)
        return declarator.init ?? null;
  }
  return null;
}
