import type { AnyNode } from "acorn";

/**
 * The keys of each node type that hold child nodes, in source order (ESTree as acorn builds it).
 * A type missing here falls back to looking at every property, so a newer acorn cannot make
 * the scan skip part of a module.
 */
const CHILD_KEYS: Readonly<Record<string, readonly string[]>> = {
  Program: ["body"],
  ExpressionStatement: ["expression"],
  BlockStatement: ["body"],
  StaticBlock: ["body"],
  EmptyStatement: [],
  DebuggerStatement: [],
  WithStatement: ["object", "body"],
  ReturnStatement: ["argument"],
  LabeledStatement: ["label", "body"],
  BreakStatement: ["label"],
  ContinueStatement: ["label"],
  IfStatement: ["test", "consequent", "alternate"],
  SwitchStatement: ["discriminant", "cases"],
  SwitchCase: ["test", "consequent"],
  ThrowStatement: ["argument"],
  TryStatement: ["block", "handler", "finalizer"],
  CatchClause: ["param", "body"],
  WhileStatement: ["test", "body"],
  DoWhileStatement: ["body", "test"],
  ForStatement: ["init", "test", "update", "body"],
  ForInStatement: ["left", "right", "body"],
  ForOfStatement: ["left", "right", "body"],
  FunctionDeclaration: ["id", "params", "body"],
  FunctionExpression: ["id", "params", "body"],
  ArrowFunctionExpression: ["params", "body"],
  VariableDeclaration: ["declarations"],
  VariableDeclarator: ["id", "init"],
  ThisExpression: [],
  Super: [],
  ArrayExpression: ["elements"],
  ObjectExpression: ["properties"],
  Property: ["key", "value"],
  SpreadElement: ["argument"],
  UnaryExpression: ["argument"],
  UpdateExpression: ["argument"],
  BinaryExpression: ["left", "right"],
  LogicalExpression: ["left", "right"],
  AssignmentExpression: ["left", "right"],
  MemberExpression: ["object", "property"],
  ConditionalExpression: ["test", "consequent", "alternate"],
  CallExpression: ["callee", "arguments"],
  NewExpression: ["callee", "arguments"],
  SequenceExpression: ["expressions"],
  YieldExpression: ["argument"],
  AwaitExpression: ["argument"],
  TemplateLiteral: ["quasis", "expressions"],
  TaggedTemplateExpression: ["tag", "quasi"],
  TemplateElement: [],
  ObjectPattern: ["properties"],
  ArrayPattern: ["elements"],
  RestElement: ["argument"],
  AssignmentPattern: ["left", "right"],
  ClassDeclaration: ["id", "superClass", "body"],
  ClassExpression: ["id", "superClass", "body"],
  ClassBody: ["body"],
  MethodDefinition: ["key", "value"],
  PropertyDefinition: ["key", "value"],
  ImportDeclaration: ["specifiers", "source", "attributes"],
  ImportSpecifier: ["imported", "local"],
  ImportDefaultSpecifier: ["local"],
  ImportNamespaceSpecifier: ["local"],
  ImportAttribute: ["key", "value"],
  ImportExpression: ["source", "options"],
  ExportNamedDeclaration: ["declaration", "specifiers", "source", "attributes"],
  ExportSpecifier: ["local", "exported"],
  ExportDefaultDeclaration: ["declaration"],
  ExportAllDeclaration: ["exported", "source", "attributes"],
  ChainExpression: ["expression"],
  ParenthesizedExpression: ["expression"],
  MetaProperty: ["meta", "property"],
  Identifier: [],
  PrivateIdentifier: [],
  Literal: [],
};

function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    typeof (value as { start?: unknown }).start === "number"
  );
}

function pushChild(out: AnyNode[], value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (isNode(item)) out.push(item);
  } else if (isNode(value)) {
    out.push(value);
  }
}

/** The direct child nodes of a node, in source order. */
export function childrenOf(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const fields = node as unknown as Record<string, unknown>;
  const keys = CHILD_KEYS[node.type];
  if (keys) {
    for (const key of keys) pushChild(out, fields[key]);
  } else {
    for (const [key, value] of Object.entries(fields)) if (key !== "loc") pushChild(out, value);
  }
  return out;
}

/** Every node of a tree once, parents before children, and each node's parent. */
export interface NodeIndex {
  /** In source order (pre-order). */
  nodes: AnyNode[];
  parents: Map<AnyNode, AnyNode>;
}

export function indexNodes(root: AnyNode): NodeIndex {
  const nodes: AnyNode[] = [];
  const parents = new Map<AnyNode, AnyNode>();
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    nodes.push(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as AnyNode;
      parents.set(child, node);
      stack.push(child);
    }
  }
  return { nodes, parents };
}
