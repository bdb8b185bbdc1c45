/**
 * A definition drawn as a graph (SVG), laid out by ELK, with an execution's colours over it when
 * one is given. States are focusable buttons in reading order (top to bottom, left to right), so the
 * Tab key walks the graph as it runs; Enter or Space opens a state.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { STATE_STATUS_TEXT } from '../format.js';
import { useAsync } from '../hooks.js';
import { END, type GraphEdge, type GraphNode, START, type SubGraph } from '../model/definition-graph.js';
import type { StateStatus } from '../model/execution-model.js';
import type { GraphRun } from '../model/graph-run.js';
import {
  GROUP_HEADER,
  type GraphLayout,
  type LaidEdge,
  type LaidGroup,
  type LaidNode,
  layoutGraph,
} from '../model/layout.js';
import { stateIcon } from './common.js';
import { FONT_FAMILY, measureText } from './measure.js';

/** Props of {@link GraphView}. */
export interface GraphViewProps {
  readonly graph: SubGraph;
  /** The execution to colour the graph by (none: the definition alone). */
  readonly run?: GraphRun;
  readonly selected?: string;
  readonly onSelect: (nodeId: string | undefined) => void;
  /** What the graph is, for assistive technology. */
  readonly label: string;
}

const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5];

/** The graph, its zoom controls and (with a run) its legend. */
export function GraphView(props: GraphViewProps) {
  const { graph } = props;
  const layout = useAsync(() => layoutGraph(graph, measureText), [graph]);
  const scroller = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [room, setRoom] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setRoom({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const laid = layout.data;
  const fit =
    laid === undefined || room.width === 0
      ? 1
      : // The whole graph when it fits at 75% or more; otherwise 75% (or the width), and it scrolls.
        Math.min(1, (room.width - 12) / laid.width, Math.max(0.75, (room.height - 12) / laid.height));
  const scale = zoom === 'fit' ? fit : zoom;
  const step = (direction: 1 | -1) => {
    const steps = direction === 1 ? ZOOM_STEPS : [...ZOOM_STEPS].reverse();
    setZoom(steps.find((s) => (direction === 1 ? s > scale + 0.001 : s < scale - 0.001)) ?? scale);
  };
  useEffect(() => {
    if (props.selected === undefined) return;
    const node = scroller.current?.querySelector(`[data-node-id="${CSS.escape(props.selected)}"]`);
    node?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [props.selected, laid]);

  return (
    <div class="graph">
      <div class="graph-toolbar">
        {props.run === undefined ? <EdgeLegend /> : <Legend />}
        <div class="zoom">
          <button type="button" class="icon-button" onClick={() => step(-1)} aria-label="Zoom out">
            −
          </button>
          <button
            type="button"
            class="icon-button zoom-level"
            onClick={() => setZoom('fit')}
            aria-label="Fit the graph"
          >
            {Math.round(scale * 100)}%
          </button>
          <button type="button" class="icon-button" onClick={() => step(1)} aria-label="Zoom in">
            +
          </button>
        </div>
      </div>
      <div class="graph-scroll" ref={scroller}>
        {layout.error !== undefined && <p class="muted">The graph could not be laid out: {layout.error.message}</p>}
        {laid !== undefined && <GraphSvg {...props} layout={laid} scale={scale} />}
        {laid === undefined && layout.error === undefined && <p class="muted graph-loading">Laying out the graph…</p>}
      </div>
    </div>
  );
}

/** What each colour means. */
function Legend() {
  const shown: StateStatus[] = ['succeeded', 'retried', 'caught', 'failed', 'running', 'aborted', 'not-reached'];
  return (
    <ul class="legend" aria-label="Legend">
      {shown.map((status) => (
        <li key={status}>
          <span class={`legend-swatch state-${status}`} aria-hidden="true">
            {stateIcon(status)}
          </span>
          {STATE_STATUS_TEXT[status]}
        </li>
      ))}
      <li>
        <svg width="26" height="10" aria-hidden="true">
          <line x1="1" y1="5" x2="25" y2="5" class="edge-line edge-catch" />
        </svg>
        Catch
      </li>
    </ul>
  );
}

/** What each kind of edge looks like, for the definition alone. */
function EdgeLegend() {
  const kinds = [
    { label: 'Next, or a Choice rule (labelled)', line: 'edge-plain', dash: undefined },
    { label: 'Default', line: 'edge-plain', dash: '2 3' },
    { label: 'Catch (its errors labelled)', line: 'edge-catch', dash: undefined },
  ];
  return (
    <ul class="legend" aria-label="Legend">
      {kinds.map((kind) => (
        <li key={kind.label}>
          <svg width="26" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="25" y2="5" class={`edge-line ${kind.line}`} stroke-dasharray={kind.dash} />
          </svg>
          {kind.label}
        </li>
      ))}
    </ul>
  );
}

type Focusable = { kind: 'node'; laid: LaidNode } | { kind: 'group'; laid: LaidGroup };

function GraphSvg(props: GraphViewProps & { layout: GraphLayout; scale: number }) {
  const { layout, scale, run } = props;
  const focusables = useMemo(() => {
    const all: Focusable[] = [
      ...layout.groups.filter((g) => g.node !== undefined).map((laid): Focusable => ({ kind: 'group', laid })),
      ...layout.nodes.map((laid): Focusable => ({ kind: 'node', laid })),
    ];
    return all.sort((a, b) => a.laid.y - b.laid.y || a.laid.x - b.laid.x);
  }, [layout]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG drawing is grouped by role, it cannot be a fieldset
    <svg
      class={`graph-svg${run === undefined ? ' definition-only' : ''}`}
      width={Math.ceil(layout.width * scale)}
      height={Math.ceil(layout.height * scale)}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="group"
      aria-label={props.label}
      font-family={FONT_FAMILY}
    >
      <defs>
        {['plain', 'taken', 'catch', 'catch-taken', 'muted'].map((kind) => (
          <marker
            key={kind}
            id={`arrow-${kind}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="5.5"
            markerHeight="5.5"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" class={`arrow arrow-${kind}`} />
          </marker>
        ))}
      </defs>
      {layout.groups.map((group) => (
        <GroupBox
          key={group.id}
          group={group}
          status={statusOf(run, group.node)}
          selected={group.node !== undefined && group.node.id === props.selected}
        />
      ))}
      {layout.edges.map((edge) => (
        <Edge key={edge.edge.id} laid={edge} run={run} names={layout} />
      ))}
      {focusables.map((item) =>
        item.kind === 'node' ? (
          <NodeBox key={item.laid.id} laid={item.laid} {...props} />
        ) : (
          <GroupHeader key={item.laid.id} group={item.laid} {...props} />
        ),
      )}
    </svg>
  );
}

function statusOf(run: GraphRun | undefined, node: GraphNode | undefined): StateStatus | undefined {
  if (run === undefined || node === undefined) return undefined;
  return run.nodes.get(node.id)?.status ?? 'not-reached';
}

function GroupBox(props: { group: LaidGroup; status: StateStatus | undefined; selected: boolean }) {
  const { group, status } = props;
  const kind = group.kind === 'branch' ? 'branch' : 'group';
  const classes = [`${kind}-box`, status === undefined ? '' : `state-${status}`, props.selected ? 'selected' : ''];
  return (
    <g class={classes.filter(Boolean).join(' ')} data-group-id={group.id}>
      <rect
        class={kind === 'branch' ? 'branch-rect' : 'group-rect'}
        x={group.x}
        y={group.y}
        width={group.width}
        height={group.height}
        rx={group.kind === 'branch' ? 6 : 10}
      />
      {group.kind === 'branch' && (
        <text x={group.x + 12} y={group.y + 19} class="branch-label">
          {group.label}
        </text>
      )}
    </g>
  );
}

/** Keyboard and pointer selection of a node or group header. */
function selectable(id: string, props: GraphViewProps) {
  const selected = props.selected === id;
  return {
    // Lower case: on an SVG element Preact sets attributes by the name given, and SVG's is `tabindex`.
    tabindex: 0,
    role: 'button' as const,
    'aria-pressed': selected,
    onClick: () => props.onSelect(id),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        props.onSelect(id);
      }
      if (event.key === 'Escape') props.onSelect(undefined);
    },
  };
}

function ariaLabel(node: GraphNode, status: StateStatus | undefined, extra = ''): string {
  const what = `${node.name}, ${node.type} state`;
  return status === undefined ? `${what}${extra}` : `${what}, ${STATE_STATUS_TEXT[status].toLowerCase()}${extra}`;
}

function GroupHeader({ group, ...props }: GraphViewProps & { group: LaidGroup }) {
  const node = group.node;
  if (node === undefined) return null;
  const status = statusOf(props.run, node);
  const iterations = props.run?.iterations.get(node.id);
  const iterationText = iterations === undefined ? '' : `iteration #${iterations.shown} of ${iterations.scopes.length}`;
  const selected = props.selected === node.id;
  return (
    <g
      class={`group-header${selected ? ' selected' : ''}${status === undefined ? '' : ` state-${status}`}`}
      data-node-id={node.id}
      data-state={node.name}
      data-status={status}
      aria-label={ariaLabel(node, status, iterationText === '' ? '' : `, ${iterationText} shown`)}
      {...selectable(node.id, props)}
    >
      <rect
        class="focus-ring"
        x={group.x - 4}
        y={group.y - 4}
        width={group.width + 8}
        height={GROUP_HEADER + 4}
        rx={12}
      />
      <rect class="group-header-hit" x={group.x} y={group.y} width={group.width} height={GROUP_HEADER - 8} rx={10} />
      {status !== undefined && (
        <text x={group.x + 14} y={group.y + 24} class="status-icon">
          {stateIcon(status)}
        </text>
      )}
      <text x={group.x + (status === undefined ? 14 : 32)} y={group.y + 24} class="node-name">
        {node.name}
      </text>
      <text x={group.x + group.width - 12} y={group.y + 24} class="node-caption" text-anchor="end">
        {iterationText === '' ? node.caption : `${node.caption} · ${iterationText}`}
      </text>
      <title>{`${node.name} (${node.caption})`}</title>
    </g>
  );
}

function NodeBox({ laid, ...props }: GraphViewProps & { laid: LaidNode }) {
  if (laid.kind !== 'state' || laid.node === undefined) {
    const done =
      laid.kind === 'end' && props.run !== undefined && [...props.run.takenEdges].some((id) => id.startsWith('e:end:'));
    return (
      <g class={`marker${done ? ' reached' : ''}`} data-node-id={laid.id}>
        <rect class="marker-rect" x={laid.x} y={laid.y} width={laid.width} height={laid.height} rx={laid.height / 2} />
        <text class="marker-text" x={laid.x + laid.width / 2} y={laid.y + laid.height / 2 + 4} text-anchor="middle">
          {laid.kind === 'start' ? 'Start' : 'End'}
        </text>
      </g>
    );
  }
  const node = laid.node;
  const status = statusOf(props.run, node);
  const visits = props.run?.nodes.get(node.id)?.visits.length ?? 0;
  const selected = props.selected === node.id;
  const textWidth = laid.width - (status === undefined ? 28 : 48);
  return (
    <g
      class={`node${selected ? ' selected' : ''}${status === undefined ? ' state-definition' : ` state-${status}`}`}
      data-node-id={node.id}
      data-state={node.name}
      data-status={status}
      aria-label={ariaLabel(node, status, visits > 1 ? `, entered ${visits} times` : '')}
      {...selectable(node.id, props)}
    >
      <rect class="focus-ring" x={laid.x - 4} y={laid.y - 4} width={laid.width + 8} height={laid.height + 8} rx={11} />
      <rect class="node-box" x={laid.x} y={laid.y} width={laid.width} height={laid.height} rx={8} />
      <rect class="node-accent" x={laid.x} y={laid.y} width={5} height={laid.height} rx={2} />
      <text x={laid.x + 16} y={laid.y + 22} class="node-name">
        {fitText(node.name, textWidth, 'name')}
      </text>
      <text x={laid.x + 16} y={laid.y + 39} class="node-caption">
        {fitText(node.caption, textWidth, 'caption')}
      </text>
      {status !== undefined && (
        <g>
          <circle class="status-dot" cx={laid.x + laid.width - 18} cy={laid.y + 18} r={9} />
          <text class="status-dot-icon" x={laid.x + laid.width - 18} y={laid.y + 22} text-anchor="middle">
            {stateIcon(status)}
          </text>
        </g>
      )}
      {visits > 1 && (
        <text class="visits" x={laid.x + laid.width - 10} y={laid.y + laid.height - 8} text-anchor="end">
          ×{visits}
        </text>
      )}
      <title>{`${node.name} (${node.caption})`}</title>
    </g>
  );
}

function fitText(text: string, width: number, style: 'name' | 'caption'): string {
  if (measureText(text, style) <= width) return text;
  let cut = text.length;
  while (cut > 1 && measureText(`${text.slice(0, cut)}…`, style) > width) cut--;
  return `${text.slice(0, cut)}…`;
}

function Edge({ laid, run, names }: { laid: LaidEdge; run: GraphRun | undefined; names: GraphLayout }) {
  const edge = laid.edge;
  const taken = run?.takenEdges.has(edge.id) ?? false;
  const catchEdge = edge.kind === 'catch';
  const style = catchEdge ? (taken ? 'catch-taken' : 'catch') : taken ? 'taken' : run === undefined ? 'plain' : 'muted';
  const classes = [
    'edge',
    `edge-${edge.kind}`,
    taken ? 'taken' : '',
    run !== undefined && !taken ? 'not-taken' : '',
  ].filter(Boolean);
  return (
    <g
      class={classes.join(' ')}
      data-edge-id={edge.id}
      data-kind={edge.kind}
      data-from={stateName(names, edge.from)}
      data-to={stateName(names, edge.to)}
      data-taken={run === undefined ? undefined : String(taken)}
    >
      <path
        d={roundedPath(laid.points)}
        class={`edge-line edge-${catchEdge ? 'catch' : 'plain'}`}
        marker-end={`url(#arrow-${style})`}
      />
      {laid.label !== undefined && (
        <g class="edge-label">
          <rect
            class="label-rect"
            x={laid.label.x}
            y={laid.label.y}
            width={laid.label.width}
            height={laid.label.height}
            rx={4}
          />
          <text class="label-text" x={laid.label.x + laid.label.width / 2} y={laid.label.y + 13} text-anchor="middle">
            {laid.label.text}
          </text>
        </g>
      )}
      <title>{edgeTitle(edge)}</title>
    </g>
  );
}

function stateName(layout: GraphLayout, id: string): string {
  if (id === START) return 'Start';
  if (id === END) return 'End';
  return (layout.nodes.find((n) => n.id === id)?.node ?? layout.groups.find((g) => g.id === id)?.node)?.name ?? id;
}

function edgeTitle(edge: GraphEdge): string {
  switch (edge.kind) {
    case 'choice':
      return `Choice rule: ${edge.label ?? ''}`;
    case 'default':
      return 'Default (no rule matched)';
    case 'catch':
      return `Catch: ${edge.label ?? ''}`;
    case 'start':
      return 'Start';
    case 'end':
      return 'End';
    case 'next':
      return 'Next';
    default: {
      const never: never = edge.kind;
      return never;
    }
  }
}

/** A polyline with its corners rounded. */
function roundedPath(points: readonly { x: number; y: number }[], radius = 8): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  let d = `M ${first.x} ${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const corner = rest[i]!;
    const after = rest[i + 1];
    const before = points[i]!;
    if (after === undefined) {
      d += ` L ${corner.x} ${corner.y}`;
      continue;
    }
    const r = Math.min(radius, distance(before, corner) / 2, distance(corner, after) / 2);
    const entry = toward(corner, before, r);
    const exit = toward(corner, after, r);
    d += ` L ${entry.x} ${entry.y} Q ${corner.x} ${corner.y} ${exit.x} ${exit.y}`;
  }
  return d;
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function toward(from: { x: number; y: number }, to: { x: number; y: number }, length: number) {
  const d = distance(from, to) || 1;
  return { x: from.x + ((to.x - from.x) * length) / d, y: from.y + ((to.y - from.y) * length) / d };
}
