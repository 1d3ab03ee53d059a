/**
 * Finding the names a scope declares before its code is visited, so that a use before the
 * declaration (hoisting, calls to functions declared further down) still resolves locally.
 */
import type { AnyNode } from "acorn";
import type { BindingKind, Scope } from "./scope";

/**
 * Declares the `var`s of a statement (and of the statements nested in it, not entering
 * functions) in the nearest function scope.
 */
export function hoistVars(node: AnyNode | null | undefined, scope: Scope): void {
  if (!node) return;
  switch (node.type) {
    case "VariableDeclaration":
      if (node.kind === "var") {
        for (const declarator of node.declarations) declarePattern(declarator.id, scope, "var");
      }
      return;
    case "IfStatement":
      hoistVars(node.consequent, scope);
      hoistVars(node.alternate, scope);
      return;
    case "BlockStatement":
      for (const statement of node.body) hoistVars(statement, scope);
      return;
    case "ForStatement":
      hoistVars(node.init, scope);
      hoistVars(node.body, scope);
      return;
    case "ForInStatement":
    case "ForOfStatement":
      hoistVars(node.left, scope);
      hoistVars(node.body, scope);
      return;
    case "WhileStatement":
    case "DoWhileStatement":
    case "LabeledStatement":
      hoistVars(node.body, scope);
      return;
    case "TryStatement":
      hoistVars(node.block, scope);
      hoistVars(node.handler?.body, scope);
      hoistVars(node.finalizer, scope);
      return;
    case "SwitchStatement":
      for (const c of node.cases) for (const statement of c.consequent) hoistVars(statement, scope);
      return;
    case "ExportNamedDeclaration":
      hoistVars(node.declaration, scope);
      return;
    default:
  }
}

/** Declares the block-scoped names a statement list introduces, and its imports. */
export function declareLexical(statements: readonly AnyNode[], scope: Scope): void {
  for (const statement of statements) {
    const node =
      (statement.type === "ExportNamedDeclaration" ||
        statement.type === "ExportDefaultDeclaration") &&
      statement.declaration
        ? statement.declaration
        : statement;
    switch (node.type) {
      case "VariableDeclaration":
        if (node.kind !== "var") {
          const kind = node.kind === "const" ? "const" : "let";
          for (const declarator of node.declarations) declarePattern(declarator.id, scope, kind);
        }
        break;
      case "FunctionDeclaration":
        if (node.id) scope.declare(node.id.name, "function", node);
        break;
      case "ClassDeclaration":
        if (node.id) scope.declare(node.id.name, "class", node);
        break;
      case "ImportDeclaration":
        for (const specifier of node.specifiers) {
          const binding = scope.declare(specifier.local.name, "import", specifier);
          binding.source = String(node.source.value);
          binding.imported =
            specifier.type === "ImportSpecifier"
              ? specifier.imported.type === "Identifier"
                ? specifier.imported.name
                : String(specifier.imported.value)
              : specifier.type === "ImportDefaultSpecifier"
                ? "default"
                : "*";
        }
        break;
      default:
    }
  }
}

export function declarePattern(pattern: AnyNode, scope: Scope, kind: BindingKind): void {
  switch (pattern.type) {
    case "Identifier":
      scope.declare(pattern.name, kind, pattern);
      return;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        declarePattern(
          property.type === "RestElement" ? property.argument : property.value,
          scope,
          kind,
        );
      }
      return;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) declarePattern(element, scope, kind);
      return;
    case "RestElement":
      declarePattern(pattern.argument, scope, kind);
      return;
    case "AssignmentPattern":
      declarePattern(pattern.left, scope, kind);
      return;
    default:
  }
}
