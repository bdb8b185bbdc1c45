/**
 * The details of the state selected in an execution's graph: its status, error and cause, input,
 * output, assigned variables, attempts (retries), definition and events; for a Map its iterations
 * and for a Parallel its branches, each of which can be opened in the graph.
 */
import { useEffect, useState } from 'preact/hooks';
import { between, dateTime, duration, STATE_STATUS_TEXT } from '../format.js';
import type { GraphNode } from '../model/definition-graph.js';
import type { Attempt, Scope, StateStatus, StateVisit } from '../model/execution-model.js';
import type { GraphRun } from '../model/graph-run.js';
import { details, type HistoryEvent, timeOf } from '../model/history-events.js';
import { Field, JsonBlock, StateBadge, stateIcon, Tabs } from './common.js';
import { FailureCallout } from './FailureCallout.js';

/** Props of {@link StatePanel}. */
export interface StatePanelProps {
  readonly node: GraphNode;
  readonly run: GraphRun;
  readonly onShowIteration: (mapNodeId: string, index: number) => void;
  readonly onSelect: (nodeId: string) => void;
}

type PanelTab = 'input' | 'output' | 'variables' | 'attempts' | 'definition' | 'events';

/** The selected state's details. */
export function StatePanel({ node, run, onShowIteration, onSelect }: StatePanelProps) {
  const nodeRun = run.nodes.get(node.id);
  const visits = nodeRun?.visits ?? [];
  const [visitIndex, setVisitIndex] = useState(visits.length - 1);
  const [tab, setTab] = useState<PanelTab>('input');
  useEffect(() => setVisitIndex(visits.length - 1), [node.id, visits.length]);
  const visit = visits[visitIndex] ?? visits.at(-1);
  const status: StateStatus = visit?.status ?? 'not-reached';
  const headingId = 'state-panel-title';
  return (
    <section class="panel state-panel" aria-labelledby={headingId} data-state={node.name}>
      <header class="panel-header">
        <div class="panel-title-row">
          <h2 id={headingId}>{node.name}</h2>
          <StateBadge status={status} />
        </div>
        <p class="muted">
          {node.type} state{node.caption !== node.type ? ` · ${node.caption}` : ''}
        </p>
        {visits.length > 1 && (
          <label class="inline-field">
            Visit{' '}
            <select value={String(visitIndex)} onChange={(e) => setVisitIndex(Number(e.currentTarget.value))}>
              {visits.map((v, i) => (
                <option key={v.entered.id} value={String(i)}>
                  {i + 1} of {visits.length} · {STATE_STATUS_TEXT[v.status]}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {visit === undefined ? (
        <p class="muted panel-body">This state was not reached in the branch or iteration the graph shows.</p>
      ) : (
        <div class="panel-body">
          {visit.failure !== undefined && (status === 'failed' || status === 'caught') && (
            <FailureCallout failure={visit.failure} caught={status === 'caught'} />
          )}
          <dl class="fields">
            <Field label="Entered">{dateTime(visit.entered.timestamp)}</Field>
            <Field label="Exited">{visit.exited === undefined ? '—' : dateTime(visit.exited.timestamp)}</Field>
            <Field label="Duration">
              {between(
                visit.entered.timestamp,
                visit.exited?.timestamp ?? (status === 'running' ? undefined : visit.events.at(-1)?.timestamp),
              )}
            </Field>
            {visit.attempts.length > 0 && (
              <Field label={node.type === 'Task' ? 'Attempts' : 'Runs'}>
                {visit.attempts.length}
                {visit.attempts.length > 1
                  ? ` (${visit.attempts.length - 1} ${visit.attempts.length === 2 ? 'retry' : 'retries'})`
                  : ''}
              </Field>
            )}
          </dl>
          {node.type === 'Map' && <Iterations node={node} run={run} visit={visit} onShow={onShowIteration} />}
          {node.type === 'Parallel' && <Branches node={node} visit={visit} onSelect={onSelect} />}
          <Tabs
            label={`${node.name} details`}
            idPrefix="state"
            selected={tab}
            onSelect={(id) => setTab(id as PanelTab)}
            tabs={[
              { id: 'input', label: 'Input' },
              { id: 'output', label: 'Output' },
              { id: 'variables', label: 'Variables' },
              { id: 'attempts', label: `Attempts (${visit.attempts.length})` },
              { id: 'definition', label: 'Definition' },
              { id: 'events', label: `Events (${visit.events.length})` },
            ]}
          >
            <VisitTab tab={tab} visit={visit} node={node} />
          </Tabs>
        </div>
      )}
    </section>
  );
}

function VisitTab({ tab, visit, node }: { tab: PanelTab; visit: StateVisit; node: GraphNode }) {
  switch (tab) {
    case 'input':
      return <JsonBlock text={stringDetail(visit.entered, 'input')} label={`${node.name} input`} />;
    case 'output':
      return visit.exited === undefined ? (
        <p class="muted">No output: the state has not exited.</p>
      ) : (
        <JsonBlock text={stringDetail(visit.exited, 'output')} label={`${node.name} output`} />
      );
    case 'variables':
      return <Variables visit={visit} />;
    case 'attempts':
      return <Attempts visit={visit} />;
    case 'definition':
      return <JsonBlock text={JSON.stringify(node.definition)} label={`${node.name} definition`} />;
    case 'events':
      return <JsonBlock text={JSON.stringify(visit.events)} label={`${node.name} events`} />;
    default: {
      const never: never = tab;
      return never;
    }
  }
}

function stringDetail(event: HistoryEvent, member: string): string | undefined {
  const value = details(event)[member];
  return typeof value === 'string' ? value : undefined;
}

function Variables({ visit }: { visit: StateVisit }) {
  const assigned = visit.exited === undefined ? undefined : details(visit.exited).assignedVariables;
  if (assigned === undefined || assigned === null || typeof assigned !== 'object' || Object.keys(assigned).length === 0)
    return <p class="muted">This state assigned no variables.</p>;
  const values = Object.fromEntries(
    Object.entries(assigned as Record<string, string>).map(([name, json]) => {
      try {
        return [name, JSON.parse(json)];
      } catch {
        return [name, json];
      }
    }),
  );
  return <JsonBlock text={JSON.stringify(values)} label="Assigned variables" />;
}

function Attempts({ visit }: { visit: StateVisit }) {
  if (visit.attempts.length === 0)
    return <p class="muted">This state makes no attempts (it is not a Task, Parallel or Map).</p>;
  return (
    <ol class="attempts">
      {visit.attempts.map((attempt, index) => (
        <AttemptItem key={attempt.start.id} attempt={attempt} index={index} visit={visit} />
      ))}
    </ol>
  );
}

function AttemptItem({ attempt, index, visit }: { attempt: Attempt; index: number; visit: StateVisit }) {
  const last = attempt.events.at(-1) ?? attempt.start;
  const outcome =
    attempt.failure !== undefined
      ? 'failed'
      : index < visit.attempts.length - 1 || visit.exited !== undefined
        ? 'succeeded'
        : visit.status;
  const parameters = stringDetail(attempt.start, 'input') ?? stringDetail(attempt.start, 'parameters');
  const result = attempt.events.map((e) => stringDetail(e, 'output')).find((o) => o !== undefined);
  const offset = timeOf(attempt.start) - timeOf(visit.entered);
  return (
    <li class="attempt">
      <p class="attempt-title">
        <span class={`badge state-${outcome === 'failed' ? 'failed' : outcome}`}>
          <span aria-hidden="true">{stateIcon(outcome === 'failed' ? 'failed' : (outcome as StateStatus))} </span>
          Attempt {index + 1}
        </span>{' '}
        <span class="muted">
          {attempt.start.type} at +{duration(offset)}, {duration(timeOf(last) - timeOf(attempt.start))}
        </span>
      </p>
      {attempt.failure !== undefined && (
        <p class="attempt-error">
          <code>{attempt.failure.error}</code> {attempt.failure.cause}
        </p>
      )}
      {parameters !== undefined && (
        <details>
          <summary>Parameters</summary>
          <JsonBlock text={parameters} label={`Attempt ${index + 1} parameters`} />
        </details>
      )}
      {result !== undefined && (
        <details>
          <summary>Result</summary>
          <JsonBlock text={result} label={`Attempt ${index + 1} result`} />
        </details>
      )}
    </li>
  );
}

const ITERATIONS_SHOWN = 100;

function Iterations({
  node,
  run,
  visit,
  onShow,
}: {
  node: GraphNode;
  run: GraphRun;
  visit: StateVisit;
  onShow: (id: string, index: number) => void;
}) {
  const [filter, setFilter] = useState<'all' | StateStatus>('all');
  const [limit, setLimit] = useState(ITERATIONS_SHOWN);
  const scopes = [...(visit.attempts.at(-1)?.scopes ?? [])].sort((a, b) => a.index - b.index);
  const shown = run.iterations.get(node.id)?.shown;
  const matching = scopes.filter((s) => filter === 'all' || s.status === filter);
  if (scopes.length === 0) return <p class="muted">No iterations have started.</p>;
  return (
    <section class="sub-section" aria-label="Iterations">
      <div class="sub-section-header">
        <h3>Iterations ({scopes.length})</h3>
        <label class="inline-field">
          Show{' '}
          <select value={filter} onChange={(e) => setFilter(e.currentTarget.value as 'all' | StateStatus)}>
            <option value="all">all</option>
            <option value="failed">failed</option>
            <option value="running">in progress</option>
            <option value="succeeded">succeeded</option>
            <option value="aborted">aborted</option>
          </select>
        </label>
      </div>
      <ul class="scope-list">
        {matching.slice(0, limit).map((scope) => (
          <li key={scope.index}>
            <button
              type="button"
              class={`scope-button${scope.index === shown ? ' current' : ''}`}
              aria-current={scope.index === shown ? 'true' : undefined}
              onClick={() => onShow(node.id, scope.index)}
            >
              <span class={`badge state-${scope.status}`}>
                <span aria-hidden="true">{stateIcon(scope.status)} </span>#{scope.index}
              </span>
              <span class="muted">{scopeSummary(scope)}</span>
            </button>
          </li>
        ))}
      </ul>
      {matching.length > limit && (
        <button type="button" class="button-link" onClick={() => setLimit(limit + ITERATIONS_SHOWN)}>
          Show more ({matching.length - limit} left)
        </button>
      )}
    </section>
  );
}

function Branches({ node, visit, onSelect }: { node: GraphNode; visit: StateVisit; onSelect: (id: string) => void }) {
  const scopes = visit.attempts.at(-1)?.scopes ?? [];
  return (
    <section class="sub-section" aria-label="Branches">
      <h3>Branches ({node.children.length})</h3>
      <ul class="scope-list">
        {node.children.map((branch, index) => {
          const scope = scopes.find((s) => s.index === index);
          const status: StateStatus = scope?.status ?? 'not-reached';
          const first = scope?.visits[0]?.nodeId ?? branch.nodes.find((n) => n.name === branch.startAt)?.id;
          return (
            <li key={branch.id}>
              <button type="button" class="scope-button" onClick={() => first !== undefined && onSelect(first)}>
                <span class={`badge state-${status}`}>
                  <span aria-hidden="true">{stateIcon(status)} </span>
                  {branch.label}
                </span>
                <span class="muted">{scope === undefined ? 'not started' : scopeSummary(scope)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function scopeSummary(scope: Scope): string {
  const first = scope.visits[0];
  const last = scope.end ?? scope.visits.at(-1)?.events.at(-1);
  const states = `${scope.visits.length} state${scope.visits.length === 1 ? '' : 's'}`;
  if (first === undefined || last === undefined) return states;
  return `${states}, ${duration(timeOf(last) - timeOf(first.entered))}`;
}
