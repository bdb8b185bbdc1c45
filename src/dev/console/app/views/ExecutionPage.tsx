/**
 * One execution: its graph coloured by what happened to each state, the selected state's details,
 * and the history table; while it runs, the page reads the new events every second
 * (`DescribeExecution`, then `GetExecutionHistory` newest first down to the last event it has).
 * Stop, redrive and start another execution with the same input.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ExecutionDescription, newerEvents, type StateMachineDescription, sfn, wholeHistory } from '../api.js';
import { ErrorMessage, ExecutionBadge, Field, JsonBlock, Tabs } from '../components/common.js';
import { Cause, errorMessage } from '../components/FailureCallout.js';
import { GraphView } from '../components/GraphView.js';
import { HistoryTable } from '../components/HistoryTable.js';
import { StartExecutionDialog } from '../components/StartExecutionDialog.js';
import { StatePanel } from '../components/StatePanel.js';
import { arnName, between, dateTime, executionStatusText } from '../format.js';
import { usePolling } from '../hooks.js';
import { allNodes, definitionGraph } from '../model/definition-graph.js';
import { type ExecutionModel, executionModel, type StateVisit } from '../model/execution-model.js';
import { graphRun } from '../model/graph-run.js';
import type { HistoryEvent } from '../model/history-events.js';
import { executionHref, navigate, stateMachineHref } from '../router.js';

/** How often a running execution is read again. */
const POLL_MS = 1000;

/** The page of one execution. */
export function ExecutionPage({ arn }: { arn: string }) {
  const [execution, setExecution] = useState<ExecutionDescription | undefined>();
  const [machine, setMachine] = useState<StateMachineDescription | undefined>();
  const [events, setEvents] = useState<readonly HistoryEvent[]>([]);
  const [error, setError] = useState<Error | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [chosen, setChosen] = useState<ReadonlyMap<string, number>>(new Map());
  const [dialog, setDialog] = useState<'stop' | 'start' | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const lastId = useRef(0);

  const loadAll = async () => {
    const [described, definition, history] = await Promise.all([
      sfn<ExecutionDescription>('DescribeExecution', { executionArn: arn }),
      sfn<StateMachineDescription>('DescribeStateMachineForExecution', { executionArn: arn }),
      wholeHistory(arn),
    ]);
    lastId.current = history.at(-1)?.id ?? 0;
    setExecution(described);
    setMachine(definition);
    setEvents(history);
  };
  useEffect(() => {
    setExecution(undefined);
    setMachine(undefined);
    setEvents([]);
    setSelected(undefined);
    setChosen(new Map());
    setError(undefined);
    lastId.current = 0;
    loadAll().catch(setError);
  }, [arn]);

  const running = execution?.status === 'RUNNING';
  usePolling(
    async () => {
      const described = await sfn<ExecutionDescription>('DescribeExecution', { executionArn: arn });
      if (described.status === 'RUNNING') {
        const newer = await newerEvents(arn, lastId.current);
        if (newer.length > 0) {
          lastId.current = newer.at(-1)?.id ?? lastId.current;
          setEvents((known) => [...known, ...newer]);
        }
      } else {
        // The execution ended: read the whole history once more, so the page holds exactly what
        // GetExecutionHistory returns.
        const history = await wholeHistory(arn);
        lastId.current = history.at(-1)?.id ?? 0;
        setEvents(history);
      }
      setExecution(described);
    },
    POLL_MS,
    running,
  );

  const definition = useMemo(() => (machine === undefined ? undefined : parse(machine.definition)), [machine]);
  const graph = useMemo(() => (definition === undefined ? undefined : definitionGraph(definition)), [definition]);
  const model = useMemo(() => (graph === undefined ? undefined : executionModel(events, graph)), [events, graph]);
  const run = useMemo(
    () => (graph === undefined || model === undefined ? undefined : graphRun(graph, model, chosen)),
    [graph, model, chosen],
  );
  const selectedNode =
    selected === undefined || graph === undefined ? undefined : allNodes(graph).find((n) => n.id === selected);

  /** Selects a visit's state, showing the Map iterations it is in. */
  const reveal = (visit: StateVisit) => {
    const next = new Map(chosen);
    for (let scope = visit.scope; scope.parent !== undefined; scope = scope.parent.scope) {
      if (scope.kind === 'iteration') next.set(scope.parent.nodeId, scope.index);
    }
    setChosen(next);
    setSelected(visit.nodeId);
  };
  const act = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
      await loadAll();
    } catch (failure) {
      setActionError(failure as Error);
    }
  };

  if (error !== undefined)
    return (
      <>
        <Breadcrumbs arn={arn} />
        <ErrorMessage error={error} title="The execution could not be read" />
      </>
    );
  if (execution === undefined || graph === undefined || model === undefined || run === undefined)
    return (
      <>
        <Breadcrumbs arn={arn} />
        <p class="muted">Loading…</p>
      </>
    );

  const culprit = failureOrigin(model, execution.error);
  return (
    <>
      <Breadcrumbs arn={arn} machine={execution.stateMachineArn} />
      <div class="page-header">
        <div class="title-with-badge">
          <h1>{execution.name}</h1>
          <ExecutionBadge status={execution.status} />
          {running && (
            <span class="live" title="The page reads new events every second">
              <span class="live-dot" aria-hidden="true" />
              Live
            </span>
          )}
          <span class="visually-hidden" aria-live="polite">
            Execution {executionStatusText(execution.status).toLowerCase()}
          </span>
        </div>
        <div class="actions">
          <button type="button" class="button" onClick={() => setDialog('start')}>
            New execution
          </button>
          <button
            type="button"
            class="button"
            disabled={execution.redriveStatus !== 'REDRIVABLE'}
            title={execution.redriveStatusReason}
            onClick={() => void act(() => sfn('RedriveExecution', { executionArn: arn }))}
          >
            Redrive
          </button>
          <button type="button" class="button button-danger" disabled={!running} onClick={() => setDialog('stop')}>
            Stop execution
          </button>
        </div>
      </div>
      {actionError !== undefined && <ErrorMessage error={actionError} title="Step Functions refused" />}
      <dl class="summary card">
        <Field label="Status">{executionStatusText(execution.status)}</Field>
        <Field label="Started">{dateTime(execution.startDate)}</Field>
        <Field label="Ended">{dateTime(execution.stopDate)}</Field>
        <Field label="Duration">{between(execution.startDate, execution.stopDate)}</Field>
        <Field label="State machine">
          <a href={stateMachineHref(execution.stateMachineArn)}>{arnName(execution.stateMachineArn)}</a>
          {execution.stateMachineVersionArn !== undefined && ` version ${arnName(execution.stateMachineVersionArn)}`}
          {execution.stateMachineAliasArn !== undefined && ` (alias ${arnName(execution.stateMachineAliasArn)})`}
        </Field>
        {(execution.redriveCount ?? 0) > 0 && (
          <Field label="Redrives">
            {execution.redriveCount} (last {dateTime(execution.redriveDate)})
          </Field>
        )}
        <Field label="ARN">
          <span class="arn">{execution.executionArn}</span>
        </Field>
      </dl>
      {(execution.error !== undefined || execution.cause !== undefined) && execution.status !== 'RUNNING' && (
        <ExecutionFailure execution={execution} origin={culprit} onShow={reveal} />
      )}
      <div class="split execution-split">
        <div class="split-main card">
          <GraphView
            graph={graph}
            run={run}
            selected={selected}
            onSelect={setSelected}
            label={`Graph of execution ${execution.name}`}
          />
        </div>
        <aside class="split-side card">
          {selectedNode === undefined ? (
            <ExecutionPanel execution={execution} />
          ) : (
            <StatePanel
              node={selectedNode}
              run={run}
              onSelect={setSelected}
              onShowIteration={(mapNodeId, index) => setChosen(new Map(chosen).set(mapNodeId, index))}
            />
          )}
        </aside>
      </div>
      <section class="card history-card" aria-labelledby="events-title">
        <h2 id="events-title">Events</h2>
        <HistoryTable model={model} onSelectState={reveal} />
      </section>
      {dialog === 'start' && (
        <StartExecutionDialog
          stateMachineArn={
            execution.stateMachineAliasArn ?? execution.stateMachineVersionArn ?? execution.stateMachineArn
          }
          initialInput={pretty(execution.input)}
          onClose={() => setDialog(undefined)}
          onStarted={(started) => navigate(executionHref(started))}
        />
      )}
      {dialog === 'stop' && (
        <StopDialog
          name={execution.name}
          onClose={() => setDialog(undefined)}
          onStop={(stopError, cause) =>
            act(() =>
              sfn('StopExecution', {
                executionArn: arn,
                ...(stopError === '' ? {} : { error: stopError }),
                ...(cause === '' ? {} : { cause }),
              }),
            )
          }
        />
      )}
    </>
  );
}

function Breadcrumbs({ arn, machine }: { arn: string; machine?: string }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumbs">
      <a href="#/">State machines</a>
      <span aria-hidden="true">/</span>
      {machine !== undefined && (
        <>
          <a href={stateMachineHref(machine)}>{arnName(machine)}</a>
          <span aria-hidden="true">/</span>
        </>
      )}
      <span aria-current="page">{arnName(arn)}</span>
    </nav>
  );
}

/** Why the execution ended: its error and cause, and a button to the state the error came from. */
function ExecutionFailure(props: {
  execution: ExecutionDescription;
  origin: StateVisit | undefined;
  onShow: (visit: StateVisit) => void;
}) {
  const { execution, origin } = props;
  const cause = execution.cause ?? '';
  const message = errorMessage(cause) ?? (cause.length <= 160 ? cause : undefined);
  return (
    <section class="execution-failure" aria-label={`Execution ${executionStatusText(execution.status).toLowerCase()}`}>
      <div class="execution-failure-text">
        <p class="failure-line">
          <span class="failure-line-title">
            <span aria-hidden="true">✕ </span>
            Execution {executionStatusText(execution.status).toLowerCase()}
          </span>
          <code class="failure-error">{execution.error ?? '(no error)'}</code>
          {message !== undefined && message !== '' && <span class="failure-message-inline">{message}</span>}
        </p>
        {cause !== '' && (
          <details>
            <summary>Cause</summary>
            <Cause cause={cause} />
          </details>
        )}
      </div>
      {origin !== undefined && (
        <button type="button" class="button" onClick={() => props.onShow(origin)}>
          Show where it failed: {origin.name}
        </button>
      )}
    </section>
  );
}

/** The execution's input and output, shown while no state is selected. */
function ExecutionPanel({ execution }: { execution: ExecutionDescription }) {
  const [tab, setTab] = useState('input');
  return (
    <section class="panel" aria-labelledby="execution-panel-title">
      <header class="panel-header">
        <h2 id="execution-panel-title">Execution input and output</h2>
        <p class="muted">Select a state in the graph to see its input, output, variables, error and retries.</p>
      </header>
      <div class="panel-body">
        <Tabs
          label="Execution data"
          idPrefix="execution"
          selected={tab}
          onSelect={setTab}
          tabs={[
            { id: 'input', label: 'Input' },
            { id: 'output', label: 'Output' },
          ]}
        >
          {tab === 'input' ? (
            <JsonBlock text={execution.input} label="Execution input" />
          ) : execution.output === undefined ? (
            <p class="muted">No output{execution.status === 'RUNNING' ? ' yet' : ''}.</p>
          ) : (
            <JsonBlock text={execution.output} label="Execution output" />
          )}
        </Tabs>
      </div>
    </section>
  );
}

function StopDialog(props: {
  name: string;
  onClose: () => void;
  onStop: (error: string, cause: string) => Promise<void>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState('');
  const [cause, setCause] = useState('');
  useEffect(() => {
    if (dialog.current !== null && !dialog.current.open) dialog.current.showModal();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    await props.onStop(error, cause);
    dialog.current?.close();
  };
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="stop-title" onClose={props.onClose}>
      <form onSubmit={submit} class="dialog-form">
        <h2 id="stop-title">Stop execution {props.name}?</h2>
        <p>The execution ends ABORTED; the state in progress is not finished. A stopped execution can be redriven.</p>
        <label class="form-field">
          <span>
            Error <span class="muted">(optional)</span>
          </span>
          <input type="text" value={error} onInput={(e) => setError(e.currentTarget.value)} />
        </label>
        <label class="form-field">
          <span>
            Cause <span class="muted">(optional)</span>
          </span>
          <input type="text" value={cause} onInput={(e) => setCause(e.currentTarget.value)} />
        </label>
        <div class="dialog-actions">
          <span class="spacer" />
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" class="button button-danger">
            Stop execution
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * The state an execution's error came from: the first state that reported that error (a task whose
 * error a Catch sent into compensation, before a Fail state ended the execution with it), else the
 * innermost failed state.
 */
function failureOrigin(model: ExecutionModel, error: string | undefined): StateVisit | undefined {
  const leaf = (v: StateVisit) => v.type !== 'Parallel' && v.type !== 'Map';
  const reported = model.visits.filter(
    (v) => error !== undefined && v.failure?.error === error && (v.status === 'failed' || v.status === 'caught'),
  );
  const origin = reported.find(leaf) ?? reported[0];
  if (origin !== undefined) return origin;
  const failed = model.visits.filter((v) => v.status === 'failed');
  return failed.filter(leaf).at(-1) ?? failed.at(-1);
}

function parse(definition: string): unknown {
  try {
    return JSON.parse(definition);
  } catch {
    return {};
  }
}

function pretty(input: string | undefined): string {
  try {
    return JSON.stringify(JSON.parse(input ?? '{}'), null, 2);
  } catch {
    return input ?? '{}';
  }
}
