/**
 * The home page: every state machine (`ListStateMachines`, all pages).
 */
import { listAll, type StateMachineListItem } from '../api.js';
import { ErrorMessage, Table } from '../components/common.js';
import { dateTime } from '../format.js';
import { useAsync } from '../hooks.js';
import { stateMachineHref } from '../router.js';

/** The list of state machines. */
export function StateMachinesPage() {
  const machines = useAsync(
    () => listAll<StateMachineListItem>('ListStateMachines', { maxResults: 1000 }, 'stateMachines'),
    [],
  );
  const list = machines.data ?? [];
  return (
    <>
      <div class="page-header">
        <div>
          <h1>State machines</h1>
          <p class="muted">Every state machine this endpoint holds. Open one to see its graph and run it.</p>
        </div>
        <button type="button" class="button" onClick={machines.reload}>
          Refresh
        </button>
      </div>
      {machines.error !== undefined && <ErrorMessage error={machines.error} />}
      {machines.data !== undefined && list.length === 0 && <EmptyState />}
      {list.length > 0 && (
        <div class="card">
          <Table caption="State machines" columns={['Name', 'Type', 'Created', 'ARN']}>
            {list.map((machine) => (
              <tr key={machine.stateMachineArn} data-state-machine={machine.name}>
                <td>
                  <a href={stateMachineHref(machine.stateMachineArn)}>{machine.name}</a>
                </td>
                <td>
                  <span class="tag">{machine.type}</span>
                </td>
                <td class="nowrap">{dateTime(machine.creationDate)}</td>
                <td class="arn">{machine.stateMachineArn}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {machines.loading && machines.data === undefined && <p class="muted">Loading…</p>}
    </>
  );
}

function EmptyState() {
  const endpoint = location.origin;
  return (
    <div class="card empty">
      <h2>No state machines yet</h2>
      <p>Create one with the AWS CLI (or any SDK) pointed at this endpoint, then come back:</p>
      <pre class="code">
        {`aws stepfunctions --endpoint-url ${endpoint} create-state-machine --name OrderSaga \\
  --definition file://definitions/order-saga.asl.json \\
  --role-arn arn:aws:iam::123456789012:role/StepFunctions`}
      </pre>
    </div>
  );
}
