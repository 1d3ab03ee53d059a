import type { AnyNode, AssignmentProperty, Identifier, Property } from "acorn";
import {
  HANDLER_CONTEXTS,
  SDK_OBJECTS,
  SDK_VALUE_EXPORTS,
  type SdkMember,
  type SdkObjectName,
} from "../sdk/members";
import { isKey } from "./module-shape";
import { staticKey } from "./names";
import { type RuleContext, SDK } from "./rule-context";
import type { Binding, FunctionNode } from "./scope";

/**
 * Which expressions of a module hold something the SDK handed it: `ctx` in each handler's
 * `run(ctx)`, what hangs off it (`ctx.matrix`, `ctx.reply`), a namespace import of the SDK,
 * and every name these flow into inside the module (`const { matrix } = ctx`,
 * `const m = ctx.matrix`, a helper called with `ctx`, `x = cond ? ctx : other`). Plain data
 * (`ctx.event`, `ctx.argv`) is not followed: it is the module's to read as it likes.
 */
export type SdkValue =
  | { kind: "object"; type: SdkObjectName; path: string }
  | { kind: "method"; path: string }
  | { kind: "namespace"; path: string }
  /** A handler's `arguments` (or rest parameter): its first element is `ctx`. */
  | { kind: "arguments"; path: string; first: readonly SdkValue[] };

/** A property read by destructuring an SDK value: `const { env } = ctx`. */
export interface PatternRead {
  property: AssignmentProperty;
  values: readonly SdkValue[];
}

export interface SdkValues {
  valuesOf(node: AnyNode): readonly SdkValue[];
  patternReads: readonly PatternRead[];
}

/** Members of a function the SDK made that a module may read. */
export const FUNCTION_MEMBERS: ReadonlySet<string> = new Set([
  "call",
  "apply",
  "bind",
  "name",
  "length",
]);

const SDK_FUNCTIONS: ReadonlySet<string> = new Set(["defineModule", "UsageError", "__mxKey"]);
const EXPORTS: ReadonlySet<string> = new Set(SDK_VALUE_EXPORTS);

/** Whether an SDK value has a member of that name. */
export function hasMember(value: SdkValue, key: string): boolean {
  switch (value.kind) {
    case "object":
      return Object.hasOwn(SDK_OBJECTS[value.type], key);
    case "method":
      return FUNCTION_MEMBERS.has(key);
    case "namespace":
      return EXPORTS.has(key);
    case "arguments":
      return true;
  }
}

/** The members an SDK value has, for messages. */
export function membersOf(value: SdkValue): string[] {
  switch (value.kind) {
    case "object":
      return Object.keys(SDK_OBJECTS[value.type]);
    case "method":
      return [...FUNCTION_MEMBERS];
    case "namespace":
      return [...EXPORTS];
    case "arguments":
      return [];
  }
}

/** What reading `key` of each value gives. */
function memberValues(values: readonly SdkValue[], key: string): SdkValue[] {
  const out: SdkValue[] = [];
  for (const value of values) {
    const path = `${value.path}.${key}`;
    if (value.kind === "object") {
      if (!Object.hasOwn(SDK_OBJECTS[value.type], key)) continue;
      const member = (SDK_OBJECTS[value.type] as Readonly<Record<string, SdkMember>>)[key];
      if (member === "method") out.push({ kind: "method", path });
      else if (member !== undefined && member !== "data")
        out.push({ kind: "object", type: member, path });
    } else if (value.kind === "namespace") {
      if (SDK_FUNCTIONS.has(key)) out.push({ kind: "method", path });
    } else if (value.kind === "arguments" && key === "0") {
      out.push(...value.first);
    }
  }
  return out;
}

function identity(value: SdkValue): string {
  return value.kind === "object"
    ? `${value.kind}:${value.type}:${value.path}`
    : `${value.kind}:${value.path}`;
}

export function analyzeSdkValues(context: RuleContext): SdkValues {
  const { nodes, scopes, resolveConst, resolveName, moduleObject } = context;
  const bound = new Map<Binding, Map<string, SdkValue>>();
  const seeds: { pattern: AnyNode; values: SdkValue[] }[] = [];
  const edges: { pattern: AnyNode; source: AnyNode }[] = [];
  let changed = false;
  let reads: PatternRead[] | null = null;

  const valuesOfBinding = (binding: Binding | null | undefined): SdkValue[] => {
    const values = binding ? bound.get(binding) : undefined;
    return values ? [...values.values()] : [];
  };

  const valuesOf = (node: AnyNode, depth = 0): SdkValue[] => {
    if (depth > 50) return [];
    const next = (n: AnyNode) => valuesOf(n, depth + 1);
    switch (node.type) {
      case "Identifier":
        return valuesOfBinding(scopes.bindingOf.get(node));
      case "MemberExpression": {
        if (node.object.type === "Super") return [];
        const object = next(node.object);
        if (object.length === 0) return [];
        const key = staticKey(node, resolveConst);
        return key === null ? [] : memberValues(object, key);
      }
      case "ChainExpression":
        return next(node.expression);
      case "ConditionalExpression":
        return [...next(node.consequent), ...next(node.alternate)];
      case "LogicalExpression":
        return [...next(node.left), ...next(node.right)];
      case "SequenceExpression": {
        const last = node.expressions[node.expressions.length - 1];
        return last ? next(last) : [];
      }
      case "AssignmentExpression":
        return node.operator === "=" ? next(node.right) : [];
      case "AwaitExpression":
        return next(node.argument);
      default:
        return [];
    }
  };

  const bind = (pattern: AnyNode, values: readonly SdkValue[]): void => {
    if (values.length === 0) return;
    switch (pattern.type) {
      case "Identifier": {
        const binding = scopes.bindingOf.get(pattern);
        if (!binding) return;
        let known = bound.get(binding);
        if (!known) {
          known = new Map();
          bound.set(binding, known);
        }
        for (const value of values) {
          const id = identity(value);
          if (!known.has(id)) {
            known.set(id, value);
            changed = true;
          }
        }
        return;
      }
      case "ObjectPattern":
        for (const property of pattern.properties) {
          if (property.type === "RestElement") {
            // `{ a, ...rest } = ctx`: rest holds the other members of the same object.
            bind(
              property.argument,
              values.filter((v) => v.kind === "object"),
            );
            continue;
          }
          reads?.push({ property, values });
          const key = staticKey(property, resolveConst);
          if (key !== null) bind(property.value, memberValues(values, key));
        }
        return;
      case "AssignmentPattern":
        bind(pattern.left, values);
        return;
      default:
    }
  };

  /** The function a callee names, when the module declares it. */
  const functionOf = (callee: AnyNode, depth = 0): FunctionNode | null => {
    if (depth > 10) return null;
    switch (callee.type) {
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        return callee;
      case "Identifier": {
        const binding = scopes.bindingOf.get(callee);
        if (binding?.kind === "function" && binding.node.type === "FunctionDeclaration")
          return binding.node;
        const init = resolveName(callee);
        return init ? functionOf(init, depth + 1) : null;
      }
      case "MemberExpression": {
        // `helpers.greet(ctx)` with `const helpers = { greet(ctx) {...} }`.
        if (callee.object.type !== "Identifier") return null;
        const object = resolveName(callee.object);
        const key = staticKey(callee, resolveConst);
        if (object?.type !== "ObjectExpression" || key === null) return null;
        const property = object.properties.find(
          (p): p is Property => p.type === "Property" && staticKey(p, resolveConst) === key,
        );
        return property ? functionOf(property.value, depth + 1) : null;
      }
      case "ChainExpression":
        return functionOf(callee.expression, depth + 1);
      default:
        return null;
    }
  };

  const resolveValue = (node: AnyNode): AnyNode => {
    if (node.type !== "Identifier") return node;
    return resolveName(node as Identifier) ?? node;
  };

  // Each function's `arguments`, as one of the references to it.
  const argumentsOf = new Map<AnyNode, Identifier>();
  for (const { node, binding } of scopes.references) {
    if (binding?.kind === "arguments") argumentsOf.set(binding.node, node);
  }

  // Seeds: each handler's ctx.
  for (const property of moduleObject?.properties ?? []) {
    if (property.type !== "Property") continue;
    for (const [kind, type] of Object.entries(HANDLER_CONTEXTS)) {
      if (!isKey(property, kind)) continue;
      const container = resolveValue(property.value);
      const specs =
        container.type === "ArrayExpression"
          ? container.elements
          : container.type === "ObjectExpression"
            ? container.properties.map((p) => (p.type === "Property" ? p.value : null))
            : [];
      for (const spec of specs) {
        const object = spec ? resolveValue(spec) : null;
        if (object?.type !== "ObjectExpression") continue;
        for (const member of object.properties) {
          if (member.type !== "Property" || !isKey(member, "run")) continue;
          const run = functionOf(member.value);
          if (!run) continue;
          const ctx: SdkValue[] = [{ kind: "object", type, path: "ctx" }];
          const [first] = run.params;
          if (first?.type === "RestElement")
            seeds.push({
              pattern: first.argument,
              values: [{ kind: "arguments", path: "args", first: ctx }],
            });
          else if (first) seeds.push({ pattern: first, values: ctx });
          if (run.type !== "ArrowFunctionExpression") {
            const args = argumentsOf.get(run);
            if (args)
              seeds.push({
                pattern: args,
                values: [{ kind: "arguments", path: "arguments", first: ctx }],
              });
          }
        }
      }
    }
  }

  // Imports of the SDK: the namespace, and the functions it exports.
  for (const binding of scopes.moduleScope.names.values()) {
    if (binding.kind !== "import" || binding.source !== SDK || !binding.imported) continue;
    const value: SdkValue | null =
      binding.imported === "*"
        ? { kind: "namespace", path: binding.name }
        : SDK_FUNCTIONS.has(binding.imported)
          ? { kind: "method", path: binding.name }
          : null;
    if (value) bound.set(binding, new Map([[identity(value), value]]));
  }

  // Where values flow: declarations, assignments, and calls of the module's own functions.
  for (const node of nodes) {
    if (node.type === "VariableDeclarator" && node.init)
      edges.push({ pattern: node.id, source: node.init });
    else if (node.type === "AssignmentExpression" && node.operator === "=")
      edges.push({ pattern: node.left, source: node.right });
    else if (node.type === "AssignmentPattern")
      edges.push({ pattern: node.left, source: node.right });
    else if (node.type === "CallExpression" || node.type === "NewExpression") {
      const fn = node.type === "CallExpression" ? functionOf(node.callee) : null;
      if (!fn) continue;
      fn.params.forEach((param, i) => {
        const arg = node.arguments[i];
        if (param.type === "RestElement" || !arg || arg.type === "SpreadElement") return;
        edges.push({ pattern: param, source: arg });
      });
    }
  }

  const pass = () => {
    for (const { pattern, values } of seeds) bind(pattern, values);
    for (const { pattern, source } of edges) bind(pattern, valuesOf(source));
  };
  for (let round = 0; round < 20; round++) {
    changed = false;
    pass();
    if (!changed) break;
  }
  reads = [];
  pass();

  return { valuesOf: (node) => valuesOf(node), patternReads: reads };
}
