/**
 * A state machine definition as a graph to draw: one node per state, one edge per transition
 * (`Next`, each Choice rule with its rule as the label, `Default`, each `Catch`), Parallel branches
 * and Map item processors as nested graphs inside their state's node, and Start and End at the top.
 *
 * It reads the definition leniently — the server has validated it already — so an odd field draws
 * as best it can instead of failing the page.
 *
 * @see https://states-language.net/spec.html
 */
import { choiceLabel } from './choice-label.js';

/** How one state reaches another. */
export type EdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

/** One transition of the definition. */
export interface GraphEdge {
  readonly id: string;
  /** Node id (or {@link START} for the start edge). */
  readonly from: string;
  /** Node id (or {@link END} for an end edge). */
  readonly to: string;
  readonly kind: EdgeKind;
  /** A Choice rule's text, `Default`, or the errors a Catch matches. */
  readonly label?: string;
}

/** One state. */
export interface GraphNode {
  /** Unique in the whole graph: the state's path through branches and item processors. */
  readonly id: string;
  /** The state's name, as history events name it. */
  readonly name: string;
  /** `Task`, `Pass`, `Choice`, `Wait`, `Succeed`, `Fail`, `Parallel` or `Map`. */
  readonly type: string;
  /** A short second line: what a Task calls, how long a Wait waits, … */
  readonly caption: string;
  /** Whether the state ends its graph (`End: true`, Succeed, Fail). */
  readonly terminal: boolean;
  /** A Parallel's branches (in order) or a Map's item processor (one). */
  readonly children: readonly SubGraph[];
  /** The state's JSON, as written. */
  readonly definition: Readonly<Record<string, unknown>>;
}

/** The states of one level: the state machine, a Parallel branch, or a Map's item processor. */
export interface SubGraph {
  readonly id: string;
  /** `Branch 1`, `Item processor`, or the state machine's comment. */
  readonly label: string;
  readonly startAt: string;
  /** In the definition's order. */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** The id of the Start marker. */
export const START = '__start__';
/** The id of the End marker. */
export const END = '__end__';

/**
 * The graph of a definition (the JSON text `DescribeStateMachine` returns, or its parsed value).
 *
 * @example
 * const graph = definitionGraph(JSON.parse(described.definition));
 * graph.nodes.map((n) => n.name); // ['ReserveInventory', 'ChargePayment', …]
 */
export function definitionGraph(definition: unknown): SubGraph {
  const machine = record(definition);
  const graph = subGraph(machine, 'root', '', typeof machine.Comment === 'string' ? machine.Comment : '');
  const startEdge: GraphEdge = { id: 'e:start', from: START, to: nodeId('', graph.startAt), kind: 'start' };
  const endEdges = graph.nodes
    .filter((node) => node.terminal)
    .map((node): GraphEdge => ({ id: `e:end:${node.id}`, from: node.id, to: END, kind: 'end' }));
  return { ...graph, edges: [startEdge, ...graph.edges, ...endEdges] };
}

/** Every node of a graph, nested ones included, depth first in definition order. */
export function allNodes(graph: SubGraph): GraphNode[] {
  return graph.nodes.flatMap((node) => [node, ...node.children.flatMap((child) => allNodes(child))]);
}

function subGraph(machine: Record<string, unknown>, id: string, prefix: string, label: string): SubGraph {
  const states = record(machine.States);
  const startAt = typeof machine.StartAt === 'string' ? machine.StartAt : '';
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [name, raw] of Object.entries(states)) {
    const state = record(raw);
    const id = nodeId(prefix, name);
    nodes.push(graphNode(id, name, state));
    edges.push(...stateEdges(id, prefix, state, new Set(Object.keys(states))));
  }
  return { id, label, startAt, nodes, edges };
}

function graphNode(id: string, name: string, state: Record<string, unknown>): GraphNode {
  const type = typeof state.Type === 'string' ? state.Type : '?';
  const children: SubGraph[] = [];
  if (type === 'Parallel' && Array.isArray(state.Branches)) {
    state.Branches.forEach((branch, index) => {
      children.push(subGraph(record(branch), `${id}/b${index}`, `${id}/b${index}/`, `Branch ${index + 1}`));
    });
  }
  if (type === 'Map') {
    const processor = record(state.ItemProcessor ?? state.Iterator);
    children.push(subGraph(processor, `${id}/items`, `${id}/items/`, 'Item processor'));
  }
  return {
    id,
    name,
    type,
    caption: caption(type, state),
    terminal: state.End === true || type === 'Succeed' || type === 'Fail',
    children,
    definition: state,
  };
}

function stateEdges(id: string, prefix: string, state: Record<string, unknown>, names: Set<string>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const to = (name: unknown) => (typeof name === 'string' && names.has(name) ? nodeId(prefix, name) : undefined);
  if (Array.isArray(state.Choices)) {
    state.Choices.forEach((rule, index) => {
      const target = to(record(rule).Next);
      if (target !== undefined)
        edges.push({ id: `e:${id}:choice${index}`, from: id, to: target, kind: 'choice', label: choiceLabel(rule) });
    });
    const fallback = to(state.Default);
    if (fallback !== undefined)
      edges.push({ id: `e:${id}:default`, from: id, to: fallback, kind: 'default', label: 'Default' });
  }
  const next = to(state.Next);
  if (next !== undefined) edges.push({ id: `e:${id}:next`, from: id, to: next, kind: 'next' });
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, index) => {
      const c = record(catcher);
      const target = to(c.Next);
      const errors = Array.isArray(c.ErrorEquals) ? c.ErrorEquals.join(', ') : '';
      if (target !== undefined)
        edges.push({ id: `e:${id}:catch${index}`, from: id, to: target, kind: 'catch', label: errors });
    });
  }
  return edges;
}

/**
 * The node id of a state inside a graph whose ids start with `prefix` (`''` at the top level,
 * `<parallel id>/b<index>/` in a branch, `<map id>/items/` in an item processor).
 */
export function nodeId(prefix: string, name: string): string {
  return `${prefix}${encodeURIComponent(name)}`;
}

/** What a node says under its name. */
function caption(type: string, state: Record<string, unknown>): string {
  switch (type) {
    case 'Task':
      return taskCaption(state);
    case 'Wait':
      return waitCaption(state);
    case 'Map':
      return record(record(state.ItemProcessor).ProcessorConfig).Mode === 'DISTRIBUTED' ? 'Map (distributed)' : 'Map';
    default:
      return type;
  }
}

/** A Task's resource in a few words: `Lambda: ChargePayment`, `DynamoDB: putItem`, `Activity: Review`. */
export function taskCaption(state: Readonly<Record<string, unknown>>): string {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const parts = resource.split(':');
  if (parts[2] === 'lambda' && parts[5] === 'function') return `Lambda: ${parts[6] ?? ''}`;
  if (parts[2] === 'states' && parts[5] === 'activity') return `Activity: ${parts[6] ?? ''}`;
  if (parts[2] === 'states' && parts[3] === '' && parts[4] === '') {
    const service = parts.slice(5).join(':');
    if (service.startsWith('lambda:invoke')) {
      const fn = record(state.Parameters ?? state.Arguments).FunctionName;
      const name = typeof fn === 'string' && !fn.startsWith('{%') ? fn.split(':').slice(-1)[0] : undefined;
      return name === undefined ? 'Lambda: Invoke' : `Lambda: ${name}`;
    }
    return service.replace(/^aws-sdk:/, '');
  }
  return resource === '' ? 'Task' : resource;
}

function waitCaption(state: Record<string, unknown>): string {
  if (typeof state.Seconds === 'number') return `Wait ${state.Seconds} s`;
  if (typeof state.Seconds === 'string') return `Wait ${state.Seconds.replace(/^\{%\s*|\s*%\}$/g, '')} s`;
  if (typeof state.SecondsPath === 'string') return `Wait ${state.SecondsPath} s`;
  if (typeof state.Timestamp === 'string') return `Wait until ${state.Timestamp}`;
  if (typeof state.TimestampPath === 'string') return `Wait until ${state.TimestampPath}`;
  return 'Wait';
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
