import { declareLexical, declarePattern, hoistVars } from "./declarations.mjs";
import { childrenOf } from "./walk.mjs";

/**
 * Lexical scoping for an ES module, enough to tell a module's own names from globals: `var` and
 * function-body declarations are function-scoped, `let`/`const`/`class` and (modules being
 * strict) block-level functions are block-scoped, plus parameters, catch parameters, the names
 * of named function and class expressions, imports and the implicit `arguments`.
 */

/** @typedef {import("acorn").AnyNode} AnyNode */
/** @typedef {import("acorn").Identifier} Identifier */
/** @typedef {import("acorn").Statement | import("acorn").ModuleDeclaration} Statement */
/** @typedef {import("acorn").FunctionDeclaration | import("acorn").AnonymousFunctionDeclaration
 *   | import("acorn").FunctionExpression | import("acorn").ArrowFunctionExpression} FunctionNode */
/** @typedef {import("acorn").ClassDeclaration | import("acorn").AnonymousClassDeclaration
 *   | import("acorn").ClassExpression} ClassNode */

/**
 * @typedef {{
 *   name: string,
 *   kind: "var" | "let" | "const" | "function" | "class" | "param" | "catch" | "import" | "arguments",
 *   node: AnyNode,
 *   source?: string,
 *   imported?: string,
 *   writes: number,
 *   declarations: number,
 * }} Binding
 * For imports, `source` is the module and `imported` the name imported ("*" for a namespace).
 * `writes` counts assignments after the declaration; `declarations` how often the name is
 * declared (a repeated `var` with an initializer is a write too).
 */

/** @typedef {{ node: Identifier, binding: Binding | null, write: boolean }} Reference */

/**
 * @typedef {{
 *   references: Reference[],
 *   bindingOf: Map<Identifier, Binding | null>,
 *   writeTargets: AnyNode[],
 *   moduleScope: Scope,
 * }} ScopeInfo
 * `writeTargets` are the member expressions that are assigned, updated or deleted.
 */

export class Scope {
  /** @param {Scope | null} parent @param {boolean} isFunction */
  constructor(parent, isFunction) {
    this.parent = parent;
    this.isFunction = isFunction;
    /** @type {Map<string, Binding>} */
    this.names = new Map();
  }

  /** @param {string} name @param {Binding["kind"]} kind @param {AnyNode} node */
  declare(name, kind, node) {
    /** @type {Binding} */
    const binding = { name, kind, node, writes: 0, declarations: 0 };
    if (!this.names.has(name)) this.names.set(name, binding);
    return /** @type {Binding} */ (this.names.get(name));
  }

  /** @param {string} name @returns {Binding | null} */
  lookup(name) {
    for (let scope = /** @type {Scope | null} */ (this); scope; scope = scope.parent) {
      const binding = scope.names.get(name);
      if (binding) return binding;
    }
    return null;
  }
}

/**
 * @param {import("acorn").Program} program
 * @returns {ScopeInfo}
 */
export function analyzeScopes(program) {
  /** @type {ScopeInfo} */
  const info = {
    references: [],
    bindingOf: new Map(),
    writeTargets: [],
    moduleScope: new Scope(null, true),
  };
  const analyzer = new Analyzer(info);
  analyzer.enterBody(program.body, info.moduleScope);
  return info;
}

class Analyzer {
  /** @param {ScopeInfo} info */
  constructor(info) {
    this.info = info;
  }

  /**
   * Declares a body's hoisted and lexical names, then visits it.
   * @param {Statement[]} body
   * @param {Scope} scope
   */
  enterBody(body, scope) {
    for (const statement of body) hoistVars(statement, scope);
    declareLexical(body, scope);
    for (const statement of body) this.visit(statement, scope);
  }

  /** @param {Identifier} node @param {Scope} scope @param {boolean} write */
  reference(node, scope, write) {
    const binding = scope.lookup(node.name);
    if (binding && write) binding.writes++;
    this.info.references.push({ node, binding, write });
    this.info.bindingOf.set(node, binding);
  }

  /** @param {Identifier} node @param {Scope} scope */
  declaration(node, scope) {
    const binding = scope.lookup(node.name);
    if (binding) binding.declarations++;
    this.info.bindingOf.set(node, binding);
  }

  /**
   * @param {AnyNode | null | undefined} node
   * @param {Scope} scope
   */
  visit(node, scope) {
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
      case "StaticBlock": {
        this.enterBody(node.body, new Scope(scope, true));
        return;
      }
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

  /**
   * @param {FunctionNode} fn
   * @param {Scope} outer
   */
  visitFunction(fn, outer) {
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

  /**
   * @param {ClassNode} cls
   * @param {Scope} outer
   */
  visitClass(cls, outer) {
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
   * @param {AnyNode} node
   * @param {Scope} scope
   * @param {"declare" | "assign"} mode
   */
  pattern(node, scope, mode) {
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
