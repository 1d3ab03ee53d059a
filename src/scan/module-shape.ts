import type { AnyNode, CallExpression, Literal, ObjectExpression, Program, Property } from "acorn";
import { MODULE_NAME } from "../sdk/names";
import { type RuleContext, SDK } from "./rule-context";
import type { ScopeInfo } from "./scope";

const SHAPE = `the default export must be \`defineModule({ name: "...", ... })\` with defineModule imported from "${SDK}"`;

export interface ModuleDeclaration {
  /** The expression exported as default, or null when there is no default export. */
  exported: AnyNode | null;
  /** The `defineModule({...})` call and its object, when the default export is one. */
  call: CallExpression | null;
  object: ObjectExpression | null;
}

/**
 * Finds the default export and, when it is `defineModule({...})` with `defineModule` imported
 * from the SDK, its object. esbuild turns `export default <expr>` into
 * `var module_default = <expr>; export { module_default as default }`, so both forms are read.
 */
export function findModule(program: Program, scopes: ScopeInfo): ModuleDeclaration {
  const exported = defaultExport(program, scopes);
  const call = exported?.type === "CallExpression" ? exported : null;
  const callee = call?.callee.type === "Identifier" ? call.callee : null;
  const binding = callee ? scopes.bindingOf.get(callee) : null;
  const objectArg = call?.arguments.length === 1 ? call.arguments[0] : undefined;
  const ok =
    binding?.kind === "import" &&
    binding.source === SDK &&
    binding.imported === "defineModule" &&
    objectArg?.type === "ObjectExpression";
  return {
    exported,
    call: ok ? call : null,
    object: ok && objectArg?.type === "ObjectExpression" ? objectArg : null,
  };
}

/** Reports a module that is not `defineModule({ name: "..." })`; returns the name it read. */
export function checkShape(
  { program, report }: RuleContext,
  { exported, object }: ModuleDeclaration,
): string | null {
  if (!exported) {
    report("module-shape", `no default export: ${SHAPE}.`, program.body[0] ?? program);
    return null;
  }
  if (!object) {
    report("module-shape", `${SHAPE}.`, exported);
    return null;
  }

  let nameNode: Literal | null = null;
  for (const property of object.properties) {
    // A later spread could replace the name, so only a name after every spread counts.
    if (property.type === "SpreadElement") nameNode = null;
    else if (isKey(property, "name")) {
      nameNode =
        property.kind === "init" &&
        property.value.type === "Literal" &&
        typeof property.value.value === "string"
          ? property.value
          : null;
    }
  }
  const name = typeof nameNode?.value === "string" ? nameNode.value : undefined;
  if (name === undefined || !nameNode) {
    report(
      "module-name",
      'the module\'s `name` must be a plain string literal in defineModule({ name: "..." }), so the scan can tell which module it is.',
      object,
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

/** A plain (not computed) key `name` of an object literal's property. */
export function isKey(property: Property, name: string): boolean {
  if (property.computed) return false;
  const key = property.key;
  return (
    (key.type === "Identifier" && key.name === name) ||
    (key.type === "Literal" && key.value === name)
  );
}

/** The expression exported as default, or null (no default export, or not an expression). */
function defaultExport(program: Program, scopes: ScopeInfo): AnyNode | null {
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

/** The initializer of a top-level variable declared once and never assigned again, or null. */
function initializerOf(program: Program, scopes: ScopeInfo, name: string): AnyNode | null {
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
