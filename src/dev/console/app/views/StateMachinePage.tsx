/**
 * One state machine (or one version of it): its executions, its definition as a graph and as JSON,
 * its versions and its aliases; a button starts an execution.
 */
import { useState } from 'preact/hooks';
import {
  type AliasDescription,
  type ExecutionDescription,
  type ExecutionListItem,
  listAll,
  type StateMachineDescription,
  sfn,
  type VersionListItem,
} from '../api.js';
import { ErrorMessage, Field, Table, Tabs } from '../components/common.js';
import { StartExecutionDialog } from '../components/StartExecutionDialog.js';
import { arnName, dateTime } from '../format.js';
import { useAsync } from '../hooks.js';
import { executionHref, navigate, type StateMachineTab, stateMachineHref } from '../router.js';
import { DefinitionView } from './DefinitionView.js';
import { ExecutionsList } from './ExecutionsList.js';

/** The page of a state machine, version or alias ARN. */
export function StateMachinePage({ arn, tab }: { arn: string; tab: StateMachineTab }) {
  const described = useAsync(
    () => sfn<StateMachineDescription>('DescribeStateMachine', { stateMachineArn: arn }),
    [arn],
  );
  const [starting, setStarting] = useState<string | undefined>();
  const machine = described.data;
  const version = versionOf(arn);
  const baseArn = version === undefined ? arn : arn.slice(0, arn.lastIndexOf(':'));
  const openStart = async () => setStarting(await latestInput(arn));
  const tabs =
    version === undefined
      ? [
          { id: 'executions', label: 'Executions' },
          { id: 'definition', label: 'Definition' },
          { id: 'versions', label: 'Versions' },
          { id: 'aliases', label: 'Aliases' },
        ]
      : [
          { id: 'executions', label: 'Executions' },
          { id: 'definition', label: 'Definition' },
        ];
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#/">State machines</a>
        <span aria-hidden="true">/</span>
        {version === undefined ? (
          <span aria-current="page">{machine?.name ?? arnName(arn)}</span>
        ) : (
          <>
            <a href={stateMachineHref(baseArn)}>{machine?.name ?? arnName(baseArn)}</a>
            <span aria-hidden="true">/</span>
            <span aria-current="page">Version {version}</span>
          </>
        )}
      </nav>
      <div class="page-header">
        <div>
          <h1>
            {machine?.name ?? arnName(arn)}
            {version !== undefined && <span class="title-qualifier"> version {version}</span>}
          </h1>
          {machine?.description !== undefined && <p class="muted">{machine.description}</p>}
        </div>
        <button
          type="button"
          class="button button-primary"
          onClick={() => void openStart()}
          disabled={machine === undefined}
        >
          Start execution
        </button>
      </div>
      {described.error !== undefined && (
        <ErrorMessage error={described.error} title="The state machine could not be read" />
      )}
      {machine !== undefined && (
        <>
          <dl class="summary card">
            <Field label="Type">
              <span class="tag">{machine.type ?? 'STANDARD'}</span>
            </Field>
            <Field label="Created">{dateTime(machine.creationDate)}</Field>
            {machine.updateDate !== undefined && <Field label="Updated">{dateTime(machine.updateDate)}</Field>}
            <Field label="ARN">
              <span class="arn">{machine.stateMachineArn}</span>
            </Field>
            {machine.roleArn !== undefined && (
              <Field label="Role">
                <span class="arn">{machine.roleArn}</span>
              </Field>
            )}
          </dl>
          <Tabs
            label="State machine"
            idPrefix="machine"
            tabs={tabs}
            selected={tab}
            onSelect={(id) => navigate(stateMachineHref(arn, id as StateMachineTab))}
          >
            {tab === 'executions' && <ExecutionsList stateMachineArn={arn} />}
            {tab === 'definition' && <DefinitionView definition={machine.definition} name={machine.name} />}
            {tab === 'versions' && <Versions arn={arn} />}
            {tab === 'aliases' && <Aliases arn={arn} />}
          </Tabs>
        </>
      )}
      {starting !== undefined && (
        <StartExecutionDialog
          stateMachineArn={arn}
          initialInput={starting}
          onClose={() => setStarting(undefined)}
          onStarted={(executionArn) => navigate(executionHref(executionArn))}
        />
      )}
    </>
  );
}

/** `…:stateMachine:Name:3` → `3`; undefined for an unqualified ARN or an alias. */
function versionOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length === 8 && /^\d+$/.test(parts[7] ?? '') ? parts[7] : undefined;
}

/** The input of the newest execution, to start the next from (`{}` when there is none). */
async function latestInput(stateMachineArn: string): Promise<string> {
  try {
    const { executions } = await sfn<{ executions: ExecutionListItem[] }>('ListExecutions', {
      stateMachineArn,
      maxResults: 1,
    });
    const latest = executions[0];
    if (latest === undefined) return '{}';
    const described = await sfn<ExecutionDescription>('DescribeExecution', { executionArn: latest.executionArn });
    return JSON.stringify(JSON.parse(described.input ?? '{}'), null, 2);
  } catch {
    return '{}';
  }
}

function Versions({ arn }: { arn: string }) {
  const versions = useAsync(
    () =>
      listAll<VersionListItem>(
        'ListStateMachineVersions',
        { stateMachineArn: arn, maxResults: 1000 },
        'stateMachineVersions',
      ),
    [arn],
  );
  if (versions.error !== undefined) return <ErrorMessage error={versions.error} />;
  if (versions.data === undefined) return <p class="muted">Loading…</p>;
  if (versions.data.length === 0)
    return (
      <p class="muted empty-row">No versions. PublishStateMachineVersion (or publish: true on an update) makes one.</p>
    );
  return (
    <div class="card">
      <Table caption="Versions" columns={['Version', 'Created', 'ARN']}>
        {versions.data.map((v) => (
          <tr key={v.stateMachineVersionArn}>
            <td>
              <a href={stateMachineHref(v.stateMachineVersionArn)}>Version {arnName(v.stateMachineVersionArn)}</a>
            </td>
            <td class="nowrap">{dateTime(v.creationDate)}</td>
            <td class="arn">{v.stateMachineVersionArn}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

function Aliases({ arn }: { arn: string }) {
  const aliases = useAsync(async () => {
    const listed = await listAll<{ stateMachineAliasArn: string }>(
      'ListStateMachineAliases',
      { stateMachineArn: arn, maxResults: 100 },
      'stateMachineAliases',
    );
    return Promise.all(
      listed.map((a) =>
        sfn<AliasDescription>('DescribeStateMachineAlias', { stateMachineAliasArn: a.stateMachineAliasArn }),
      ),
    );
  }, [arn]);
  if (aliases.error !== undefined) return <ErrorMessage error={aliases.error} />;
  if (aliases.data === undefined) return <p class="muted">Loading…</p>;
  if (aliases.data.length === 0) return <p class="muted empty-row">No aliases. CreateStateMachineAlias makes one.</p>;
  return (
    <div class="card">
      <Table caption="Aliases" columns={['Alias', 'Routes to', 'Description', 'Updated']}>
        {aliases.data.map((alias) => (
          <tr key={alias.stateMachineAliasArn}>
            <td>{alias.name}</td>
            <td>
              {alias.routingConfiguration.map((route, i) => (
                <span key={route.stateMachineVersionArn}>
                  {i > 0 && ', '}
                  <a href={stateMachineHref(route.stateMachineVersionArn)}>
                    version {arnName(route.stateMachineVersionArn)}
                  </a>{' '}
                  {route.weight}%
                </span>
              ))}
            </td>
            <td>{alias.description ?? <span class="muted">—</span>}</td>
            <td class="nowrap">{dateTime(alias.updateDate ?? alias.creationDate)}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
