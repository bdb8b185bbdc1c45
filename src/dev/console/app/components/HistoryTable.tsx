/**
 * An execution's history as a table: one row per event of `GetExecutionHistory`, in id order, with
 * the state it belongs to and its time since the start; each row opens to the raw event JSON.
 * Filtered by kind and by text (type, state name, or anything in the event).
 */
import { useMemo, useState } from 'preact/hooks';
import { dateTime, duration } from '../format.js';
import type { ExecutionModel, Scope, StateVisit } from '../model/execution-model.js';
import { failureOf, type HistoryEvent, timeOf } from '../model/history-events.js';
import { JsonBlock, Table } from './common.js';

type Kind = 'all' | 'states' | 'tasks' | 'errors' | 'map-parallel' | 'execution';

const KINDS: readonly { id: Kind; label: string; test: (e: HistoryEvent) => boolean }[] = [
  { id: 'all', label: 'All events', test: () => true },
  { id: 'states', label: 'State entered and exited', test: (e) => /State(Entered|Exited)$/.test(e.type) },
  { id: 'tasks', label: 'Tasks', test: (e) => /^(Task|LambdaFunction|Activity)/.test(e.type) },
  {
    id: 'errors',
    label: 'Errors',
    test: (e) => failureOf(e) !== undefined || /(Failed|TimedOut|Aborted)$/.test(e.type),
  },
  { id: 'map-parallel', label: 'Map and Parallel', test: (e) => /^(Map|Parallel)/.test(e.type) },
  { id: 'execution', label: 'Execution', test: (e) => e.type.startsWith('Execution') },
];

const PAGE = 500;

/** Props of {@link HistoryTable}. */
export interface HistoryTableProps {
  readonly model: ExecutionModel;
  /** Opens a state's visit (the state name in a row is a button). */
  readonly onSelectState: (visit: StateVisit) => void;
}

/** The history table with its filters. */
export function HistoryTable({ model, onSelectState }: HistoryTableProps) {
  const [kind, setKind] = useState<Kind>('all');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [limit, setLimit] = useState(PAGE);
  const events = model.events;
  const start = events[0] === undefined ? 0 : timeOf(events[0]);
  const rows = useMemo(() => {
    const test = KINDS.find((k) => k.id === kind)?.test ?? (() => true);
    const needle = text.trim().toLowerCase();
    return events.filter((event) => {
      if (!test(event)) return false;
      if (needle === '') return true;
      const state = model.visitOf.get(event.id)?.name ?? '';
      return (
        event.type.toLowerCase().includes(needle) ||
        state.toLowerCase().includes(needle) ||
        JSON.stringify(event).toLowerCase().includes(needle)
      );
    });
  }, [events, kind, text, model]);
  const toggle = (id: number) => {
    const next = new Set(open);
    if (!next.delete(id)) next.add(id);
    setOpen(next);
  };
  return (
    <div class="history">
      <div class="toolbar">
        <label class="inline-field">
          Show{' '}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-field grow">
          <span class="visually-hidden">Filter events</span>
          <input
            type="search"
            placeholder="Filter by type, state or content"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <span class="muted" aria-live="polite">
          {rows.length === events.length ? `${events.length} events` : `${rows.length} of ${events.length} events`}
        </span>
      </div>
      <div class="table-scroll">
        <Table
          caption="Execution event history"
          class="history-"
          columns={[
            <span key="details" class="visually-hidden">
              Details
            </span>,
            'ID',
            'Type',
            'State',
            'Elapsed',
            'Timestamp',
          ]}
        >
          {rows.slice(0, limit).map((event) => (
            <EventRow
              key={event.id}
              event={event}
              model={model}
              start={start}
              open={open.has(event.id)}
              onToggle={() => toggle(event.id)}
              onSelectState={onSelectState}
            />
          ))}
        </Table>
      </div>
      {rows.length > limit && (
        <button type="button" class="button" onClick={() => setLimit(limit + PAGE)}>
          Show {Math.min(PAGE, rows.length - limit)} more events ({rows.length - limit} not shown)
        </button>
      )}
    </div>
  );
}

function EventRow(props: {
  event: HistoryEvent;
  model: ExecutionModel;
  start: number;
  open: boolean;
  onToggle: () => void;
  onSelectState: (visit: StateVisit) => void;
}) {
  const { event, model, open } = props;
  const visit = model.visitOf.get(event.id);
  const failed = failureOf(event) !== undefined || /(Failed|TimedOut)$/.test(event.type);
  const rawId = `event-${event.id}-json`;
  return (
    <>
      <tr data-event-id={event.id} data-event-type={event.type} class={failed ? 'row-error' : undefined}>
        <td>
          <button
            type="button"
            class="disclosure"
            aria-expanded={open}
            aria-controls={rawId}
            aria-label={`Event ${event.id} JSON`}
            onClick={props.onToggle}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        </td>
        <td class="numeric">{event.id}</td>
        <td class="event-type">{event.type}</td>
        <td>
          {visit === undefined ? (
            <span class="muted">—</span>
          ) : (
            <button type="button" class="button-link" onClick={() => props.onSelectState(visit)}>
              {visit.name}
            </button>
          )}
          {visit !== undefined && scopeText(visit.scope) !== '' && <span class="muted"> {scopeText(visit.scope)}</span>}
        </td>
        <td class="numeric">{duration(timeOf(event) - props.start)}</td>
        <td class="nowrap">{dateTime(event.timestamp)}</td>
      </tr>
      {open && (
        <tr id={rawId} class="event-json-row">
          <td colSpan={6}>
            <JsonBlock text={JSON.stringify(event)} label={`Event ${event.id}`} />
          </td>
        </tr>
      )}
    </>
  );
}

/** `in ResizeImages #3` for a state of a Map iteration, `in Both, branch 2` for a Parallel branch. */
function scopeText(scope: Scope): string {
  const parent = scope.parent;
  if (parent === undefined) return '';
  return scope.kind === 'iteration'
    ? `in ${parent.name} #${scope.index}`
    : `in ${parent.name}, branch ${scope.index + 1}`;
}
