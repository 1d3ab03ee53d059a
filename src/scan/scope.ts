import type {
  AnonymousClassDeclaration,
  AnonymousFunctionDeclaration,
  AnyNode,
  ArrowFunctionExpression,
  ClassDeclaration,
  ClassExpression,
  FunctionDeclaration,
  FunctionExpression,
  Identifier,
  Program,
} from "acorn";
import { declareLexical, declarePattern, hoistVars } from "./declarations";
import { childrenOf } from "./walk";

/**
 * Lexical scoping for an ES module, enough to tell a module's own names from globals: `var` and
 * function-body declarations are function-scoped, `let`/`const`/`class` and (modules being
 * strict) block-level functions are block-scoped, plus parameters, catch parameters, the names
 * of named function and class expressions, imports and the implicit `arguments`.
 */

export type FunctionNode =
  | FunctionDeclaration
  | AnonymousFunctionDeclaration
  | FunctionExpression
  | ArrowFunctionExpression;

type ClassNode = ClassDeclaration | AnonymousClassDeclaration | ClassExpression;

export type BindingKind =
  | "var"
  | "let"
  | "const"
  | "function"
  | "class"
  | "param"
  | "catch"
  | "import"
  | "arguments";

/**
 * For imports, `source` is the module and `imported` the name imported ("*" for a namespace).
 * `writes` counts assignments after the declaration; `declarations` how often the name is
 * declared (a repeated `var` with an initializer is a write too).
 */
export interface Binding {
  name: string;
  kind: BindingKind;
  /** The declaring identifier, or for functions, classes and imports the declaration. */
  node: AnyNode;
  source?: string;
  imported?: string;
  writes: number;
  declarations: number;
}

export interface Reference {
  node: Identifier;
  binding: Binding | null;
  write: boolean;
}

/** `writeTargets` are the member expressions that are assigned, updated or deleted. */
export interface ScopeInfo {
  references: Reference[];
  bindingOf: Map<Identifier, Binding | null>;
  writeTargets: AnyNode[];
  moduleScope: Scope;
}

export class Scope {
  readonly names = new Map<string, Binding>();

  constructor(
    readonly parent: Scope | null,
    readonly isFunction: boolean,
  ) {}

  declare(name: string, kind: BindingKind, node: AnyNode): Binding {
    let binding = this.names.get(name);
    if (!binding) {
      binding = { name, kind, node, writes: 0, declarations: 0 };
      this.names.set(name, binding);
    }
    return binding;
  }

  lookup(name: string): Binding | null {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      const binding = scope.names.get(name);
      if (binding) return binding;
    }
    return null;
  }
}

export function analyzeScopes(program: Program): ScopeInfo {
  const info: ScopeInfo = {
    references: [],
    bindingOf: new Map(),
    writeTargets: [],
    moduleScope: new Scope(null, true),
  };
  new Analyzer(info).enterBody(program.body, info.moduleScope);
  return info;
}

class Analyzer {
  constructor(private readonly info: ScopeInfo) {}

  /** Declares a body's hoisted and lexical names, then visits it. */
  enterBody(body: readonly AnyNode[], scope: Scope): void {
    for (const statement of body) hoistVars(statement, scope);
    declareLexical(body, scope);
    for (const statement of body) this.visit(statement, scope);
  }

  private reference(node: Identifier, scope: Scope, write: boolean): void {
    const binding = scope.lookup(node.name);
    if (binding && write) binding.writes++;
    this.info.references.push({ node, binding, write });
    this.info.bindingOf.set(node, binding);
  }

  private declaration(node: Identifier, scope: Scope): void {
    const binding = scope.lookup(node.name);
    if (binding) binding.declarations++;
    this.info.bindingOf.set(node, binding);
  }

  private visit(node: AnyNode | null | undefined, scope: Scope): void {
    if (!node) return;
    switch (node.type) {
      case "Identifier":
        this.reference(node, scope, false);
        return;
      case "FunctionDeclaration":
      case "ArrowFunctionExpression":
        this.visitFunction(node, scope);
        return;
      case "FunctionExpression": {
        let inner = scope;
        if (node.id) {
          inner = new Scope(scope, false);
          inner.declare(node.id.name, "function", node);
          this.declaration(node.id, inner);
        }
        this.visitFunction(node, inner);
        return;
      }
      case "ClassDeclaration":
      case "ClassExpression":
        this.visitClass(node, scope);
        return;
      case "BlockStatement": {
        const block = new Scope(scope, false);
        declareLexical(node.body, block);
        for (const statement of node.body) this.visit(statement, block);
        return;
      }
      case "StaticBlock":
        this.enterBody(node.body, new Scope(scope, true));
        return;
      case "ForStatement": {
        const loop = new Scope(scope, false);
        if (node.init?.type === "VariableDeclaration") declareLexical([node.init], loop);
        this.visit(node.init, loop);
        this.visit(node.test, loop);
        this.visit(node.update, loop);
        this.visit(node.body, loop);
        return;
      }
      case "ForInStatement":
      case "ForOfStatement": {
        const loop = new Scope(scope, false);
        if (node.left.type === "VariableDeclaration") {
          declareLexical([node.left], loop);
          this.visit(node.left, loop);
        } else {
          this.pattern(node.left, loop, "assign");
        }
        this.visit(node.right, loop);
        this.visit(node.body, loop);
        return;
      }
      case "SwitchStatement": {
        this.visit(node.discriminant, scope);
        const cases = new Scope(scope, false);
        declareLexical(
          node.cases.flatMap((c) => c.consequent),
          cases,
        );
        for (const c of node.cases) {
          this.visit(c.test, cases);
          for (const statement of c.consequent) this.visit(statement, cases);
        }
        return;
      }
      case "CatchClause": {
        const handler = new Scope(scope, false);
        if (node.param) {
          declarePattern(node.param, handler, "catch");
          this.pattern(node.param, handler, "declare");
        }
        this.visit(node.body, handler);
        return;
      }
      case "VariableDeclaration":
        for (const declarator of node.declarations) {
          this.pattern(declarator.id, scope, "declare");
          this.visit(declarator.init, scope);
        }
        return;
      case "AssignmentExpression":
        this.pattern(node.left, scope, "assign");
        this.visit(node.right, scope);
        return;
      case "UpdateExpression":
        this.pattern(node.argument, scope, "assign");
        return;
      case "UnaryExpression":
        if (node.operator === "delete" && node.argument.type === "MemberExpression") {
          this.info.writeTargets.push(node.argument);
        }
        this.visit(node.argument, scope);
        return;
      case "MemberExpression":
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case "Property":
      case "PropertyDefinition":
      case "MethodDefinition":
        if (node.computed) this.visit(node.key, scope);
        this.visit(node.value, scope);
        return;
      case "LabeledStatement":
        this.visit(node.body, scope);
        return;
      case "BreakStatement":
      case "ContinueStatement":
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "MetaProperty":
      case "PrivateIdentifier":
        return;
      case "ExportNamedDeclaration":
        if (node.declaration) this.visit(node.declaration, scope);
        else if (!node.source) {
          for (const specifier of node.specifiers) {
            if (specifier.local.type === "Identifier")
              this.reference(specifier.local, scope, false);
          }
        }
        return;
      default:
        for (const child of childrenOf(node)) this.visit(child, scope);
    }
  }

  private visitFunction(fn: FunctionNode, outer: Scope): void {
    if (fn.type === "FunctionDeclaration" && fn.id) this.declaration(fn.id, outer);
    const scope = new Scope(outer, true);
    if (fn.type !== "ArrowFunctionExpression") scope.declare("arguments", "arguments", fn);
    for (const param of fn.params) declarePattern(param, scope, "param");
    for (const param of fn.params) this.pattern(param, scope, "declare");
    // The body's declarations get a scope of their own: a parameter's default value cannot see
    // them (`function f(a = fetch) { var fetch; }` reads the global fetch).
    if (fn.body.type === "BlockStatement") this.enterBody(fn.body.body, new Scope(scope, true));
    else this.visit(fn.body, scope);
  }

  private visitClass(cls: ClassNode, outer: Scope): void {
    this.visit(cls.superClass, outer);
    const scope = new Scope(outer, false);
    if (cls.id) {
      if (cls.type === "ClassDeclaration") this.declaration(cls.id, outer);
      scope.declare(cls.id.name, "class", cls);
    }
    for (const member of cls.body.body) this.visit(member, scope);
  }

  /**
   * Visits a binding or assignment target: its names are declared (or written), while default
   * values and computed keys inside it are ordinary expressions.
   */
  private pattern(node: AnyNode, scope: Scope, mode: "declare" | "assign"): void {
    switch (node.type) {
      case "Identifier":
        if (mode === "declare") this.declaration(node, scope);
        else this.reference(node, scope, true);
        return;
      case "MemberExpression":
        this.info.writeTargets.push(node);
        this.visit(node, scope);
        return;
      case "ObjectPattern":
        for (const property of node.properties) {
          if (property.type === "RestElement") this.pattern(property.argument, scope, mode);
          else {
            if (property.computed) this.visit(property.key, scope);
            this.pattern(property.value, scope, mode);
          }
        }
        return;
      case "ArrayPattern":
        for (const element of node.elements) if (element) this.pattern(element, scope, mode);
        return;
      case "RestElement":
        this.pattern(node.argument, scope, mode);
        return;
      case "AssignmentPattern":
        this.pattern(node.left, scope, mode);
        this.visit(node.right, scope);
        return;
      default:
        // Not a pattern (e.g. a parenthesized call as an update target, a syntax error anyway).
        this.visit(node, scope);
    }
  }
}
