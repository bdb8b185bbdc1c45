/**
 * An execution laid over its definition's graph: the status of every node, the edges it took, and
 * for each Map the iteration the graph shows (its states are coloured by that iteration).
 *
 * A state entered more than once (a loop) shows its latest visit; a Parallel's branches and a Map's
 * iterations are those of its latest run (a retried Parallel or Map runs again).
 */
import type { GraphEdge, SubGraph } from './definition-graph.js';
import type { ExecutionModel, Scope, StateStatus, StateVisit } from './execution-model.js';

/** One node's part in the execution. */
export interface NodeRun {
  readonly status: StateStatus;
  /** Every visit of the state in the scope the graph shows, in order. */
  readonly visits: readonly StateVisit[];
}

/** The iterations of one Map run and the one the graph shows. */
export interface MapIterations {
  /** By index. */
  readonly scopes: readonly Scope[];
  readonly shown: number;
}

/** The execution as the graph shows it. */
export interface GraphRun {
  /** By node id; a node not listed was not reached. */
  readonly nodes: ReadonlyMap<string, NodeRun>;
  /** Ids of the edges the execution went along. */
  readonly takenEdges: ReadonlySet<string>;
  /** By Map node id. */
  readonly iterations: ReadonlyMap<string, MapIterations>;
}

/**
 * Lays `model` over `graph`; `chosen` names the iteration to show for a Map node (by its id),
 * otherwise the graph shows the first failed iteration, else the first running one, else the first.
 */
export function graphRun(
  graph: SubGraph,
  model: ExecutionModel,
  chosen: ReadonlyMap<string, number> = new Map(),
): GraphRun {
  const nodes = new Map<string, NodeRun>();
  const takenEdges = new Set<string>();
  const iterations = new Map<string, MapIterations>();

  const walk = (sub: SubGraph, scope: Scope | undefined) => {
    for (const node of sub.nodes) {
      const visits = scope?.visits.filter((visit) => visit.nodeId === node.id) ?? [];
      const latest = visits.at(-1);
      if (latest !== undefined) nodes.set(node.id, { status: latest.status, visits });
      const run = latest?.attempts.at(-1);
      if (node.type === 'Parallel') {
        node.children.forEach((branch, index) => {
          walk(
            branch,
            run?.scopes.find((s) => s.kind === 'branch' && s.index === index),
          );
        });
      }
      const processor = node.children[0];
      if (node.type === 'Map' && processor !== undefined) {
        const scopes = [...(run?.scopes ?? [])].sort((a, b) => a.index - b.index);
        const shown = chosen.get(node.id) ?? defaultIteration(scopes);
        if (scopes.length > 0) iterations.set(node.id, { scopes, shown });
        walk(
          processor,
          scopes.find((s) => s.index === shown),
        );
      }
    }
    if (scope !== undefined) for (const id of taken(sub.edges, scope)) takenEdges.add(id);
  };

  walk(graph, model.root);
  return { nodes, takenEdges, iterations };
}

/** The edges a scope went along: from each visit to the next, Start to the first, the last to End. */
function taken(edges: readonly GraphEdge[], scope: Scope): string[] {
  const ids: string[] = [];
  const first = scope.visits[0];
  for (const edge of edges)
    if (edge.kind === 'start' && first !== undefined && edge.to === first.nodeId) ids.push(edge.id);
  for (const visit of scope.visits) {
    const next = visit.next;
    if (next === undefined) {
      const ended = visit.status === 'succeeded' || visit.status === 'retried';
      const end = edges.find((edge) => edge.kind === 'end' && edge.from === visit.nodeId);
      if (ended && end !== undefined) ids.push(end.id);
      continue;
    }
    const candidates = edges.filter((edge) => edge.from === visit.nodeId && edge.to === next.nodeId);
    const caught = visit.status === 'caught';
    const preferred = candidates.filter((edge) => (edge.kind === 'catch') === caught);
    for (const edge of preferred.length > 0 ? preferred : candidates) ids.push(edge.id);
  }
  return ids;
}

function defaultIteration(scopes: readonly Scope[]): number {
  const first = (status: StateStatus) => scopes.find((s) => s.status === status)?.index;
  return first('failed') ?? first('running') ?? first('aborted') ?? scopes[0]?.index ?? 0;
}
