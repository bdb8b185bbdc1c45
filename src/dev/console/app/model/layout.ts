/**
 * Positions for a definition graph, computed by ELK's layered algorithm (elkjs): states top to
 * bottom in the order they run, edges routed orthogonally around nodes with room for their labels,
 * Parallel branches side by side inside their state's box, a Map's item processor inside its box.
 *
 * @see https://eclipse.dev/elk/reference/algorithms/org-eclipse-elk-layered.html
 */
import elkModule, { type ElkExtendedEdge, type ElkNode, type LayoutOptions } from 'elkjs/lib/elk.bundled.js';
import { END, type GraphEdge, type GraphNode, START, type SubGraph } from './definition-graph.js';

/** Text widths in pixels, by the style the text is drawn in. */
export type Measure = (text: string, style: 'name' | 'caption' | 'label') => number;

/** A rectangle, in the graph's pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A state drawn as a box, or the Start and End markers. */
export interface LaidNode extends Box {
  readonly id: string;
  readonly kind: 'state' | 'start' | 'end';
  readonly node?: GraphNode;
}

/** A Parallel or Map state drawn as a box around its branches or item processor, or one branch. */
export interface LaidGroup extends Box {
  readonly id: string;
  readonly kind: 'parallel' | 'map' | 'branch';
  /** The Parallel or Map state (not set for a branch). */
  readonly node?: GraphNode;
  readonly label: string;
  /** How deep it is nested (0 at the top level). */
  readonly depth: number;
}

/** One edge's route and label box. */
export interface LaidEdge {
  readonly edge: GraphEdge;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly label?: Box & { readonly text: string };
}

/** A graph with positions. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  /** Outer groups before inner ones (the order to draw them in). */
  readonly groups: readonly LaidGroup[];
  readonly nodes: readonly LaidNode[];
  readonly edges: readonly LaidEdge[];
}

/** The height of a state's box. */
export const NODE_HEIGHT = 52;
/** Room above a group's contents for its title. */
export const GROUP_HEADER = 44;
const MARKER = { width: 76, height: 30 };
/** Edge labels longer than this are cut (the whole rule is in the edge's tooltip). */
const LABEL_CHARACTERS = 40;

/** elkjs is CommonJS: its module object is the constructor, and also has it as `default`. */
const ELK = (elkModule as unknown as { default: typeof elkModule.default }).default;

const LAYERED: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': '24',
  'elk.spacing.edgeEdge': '16',
  'elk.spacing.edgeLabel': '6',
  'elk.layered.spacing.edgeNodeBetweenLayers': '22',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
};

/** The text of an edge's label as drawn. */
export function shortLabel(text: string): string {
  return text.length > LABEL_CHARACTERS ? `${text.slice(0, LABEL_CHARACTERS - 1)}…` : text;
}

/**
 * Lays a graph out.
 *
 * @example
 * const layout = await layoutGraph(definitionGraph(definition), (text) => text.length * 7);
 */
export async function layoutGraph(graph: SubGraph, measure: Measure): Promise<GraphLayout> {
  const elk = new ELK();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      ...LAYERED,
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [
      { id: START, ...MARKER },
      ...graph.nodes.map((node) => elkNode(node, measure)),
      ...(graph.edges.some((e) => e.to === END) ? [{ id: END, ...MARKER }] : []),
    ],
    edges: graph.edges.map((edge) => elkEdge(edge, measure)),
  };
  const laid = await elk.layout(root);
  const groups: LaidGroup[] = [];
  const nodes: LaidNode[] = [];
  const edges: LaidEdge[] = [];
  const byId = new Map<string, GraphNode>();
  const edgeById = new Map<string, GraphEdge>();
  const index = (sub: SubGraph) => {
    for (const edge of sub.edges) edgeById.set(edge.id, edge);
    for (const node of sub.nodes) {
      byId.set(node.id, node);
      node.children.forEach(index);
    }
  };
  index(graph);
  collect(laid, 0, { byId, edgeById, groups, nodes, edges });
  return { width: laid.width ?? 0, height: laid.height ?? 0, groups, nodes, edges };
}

function elkNode(node: GraphNode, measure: Measure): ElkNode {
  if (node.children.length === 0) {
    const textWidth = Math.max(measure(node.name, 'name'), measure(node.caption, 'caption'));
    return { id: node.id, width: Math.min(Math.max(textWidth + 56, 150), 300), height: NODE_HEIGHT };
  }
  // The header holds the name on the left and the caption on the right (for a Map, with the
  // iteration shown: "Map · iteration #12 of 40").
  const caption = node.type === 'Map' ? `${node.caption} · iteration #0000 of 0000` : node.caption;
  const header = measure(node.name, 'name') + measure(caption, 'caption') + 80;
  const minimum = `(${Math.ceil(header)},${GROUP_HEADER + 40})`;
  const group: LayoutOptions = {
    ...LAYERED,
    'elk.padding': `[top=${GROUP_HEADER},left=16,bottom=16,right=16]`,
    'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
    'elk.nodeSize.minimum': minimum,
  };
  if (node.type === 'Map') {
    const processor = node.children[0];
    return {
      id: node.id,
      layoutOptions: group,
      children: processor?.nodes.map((child) => elkNode(child, measure)) ?? [],
      edges: processor?.edges.map((edge) => elkEdge(edge, measure)) ?? [],
    };
  }
  return {
    id: node.id,
    layoutOptions: { ...group, 'elk.spacing.nodeNode': '24', 'elk.separateConnectedComponents': 'false' },
    children: node.children.map((branch) => ({
      id: branch.id,
      layoutOptions: {
        ...LAYERED,
        'elk.padding': '[top=30,left=14,bottom=14,right=14]',
        'elk.alignment': 'TOP',
        'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
        'elk.nodeSize.minimum': '(120,60)',
      },
      children: branch.nodes.map((child) => elkNode(child, measure)),
      edges: branch.edges.map((edge) => elkEdge(edge, measure)),
    })),
  };
}

function elkEdge(edge: GraphEdge, measure: Measure): ElkExtendedEdge {
  const text = edge.label === undefined ? undefined : shortLabel(edge.label);
  return {
    id: edge.id,
    sources: [edge.from],
    targets: [edge.to],
    labels: text === undefined ? [] : [{ text, width: measure(text, 'label') + 12, height: 18 }],
    layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' },
  };
}

interface Collected {
  readonly byId: ReadonlyMap<string, GraphNode>;
  readonly edgeById: ReadonlyMap<string, GraphEdge>;
  readonly groups: LaidGroup[];
  readonly nodes: LaidNode[];
  readonly edges: LaidEdge[];
}

function collect(parent: ElkNode, depth: number, into: Collected): void {
  for (const child of parent.children ?? []) {
    const box = { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 };
    const node = into.byId.get(child.id);
    if (child.id === START || child.id === END) {
      into.nodes.push({ id: child.id, kind: child.id === START ? 'start' : 'end', ...box });
    } else if (node === undefined) {
      const label = /\/b(\d+)$/.exec(child.id);
      into.groups.push({ id: child.id, kind: 'branch', label: `Branch ${Number(label?.[1] ?? 0) + 1}`, depth, ...box });
      collect(child, depth + 1, into);
    } else if (node.children.length > 0) {
      into.groups.push({
        id: child.id,
        kind: node.type === 'Map' ? 'map' : 'parallel',
        node,
        label: node.name,
        depth,
        ...box,
      });
      collect(child, depth + 1, into);
    } else {
      into.nodes.push({ id: child.id, kind: 'state', node, ...box });
    }
  }
  for (const edge of parent.edges ?? []) {
    const source = into.edgeById.get(edge.id);
    const section = edge.sections?.[0];
    if (source === undefined || section === undefined) continue;
    const label = edge.labels?.[0];
    into.edges.push({
      edge: source,
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
      label:
        label?.text === undefined
          ? undefined
          : { text: label.text, x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 },
    });
  }
}
