/**
 * A state machine's executions (`ListExecutions`), filtered by status, newest first, refreshed every
 * two seconds while shown, with more pages on demand.
 */
import { useEffect, useState } from 'preact/hooks';
import { type ExecutionListItem, type ExecutionStatus, sfn } from '../api.js';
import { ErrorMessage, ExecutionBadge, Table } from '../components/common.js';
import { arnName, between, dateTime, executionStatusText } from '../format.js';
import { usePolling } from '../hooks.js';
import { executionHref } from '../router.js';

const FILTERS: readonly ('ALL' | ExecutionStatus)[] = [
  'ALL',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];
const PAGE = 50;

interface Listing {
  readonly items: readonly ExecutionListItem[];
  readonly nextToken?: string;
}

/** The executions table of a state machine (or of one version or alias). */
export function ExecutionsList({ stateMachineArn }: { stateMachineArn: string }) {
  const [filter, setFilter] = useState<'ALL' | ExecutionStatus>('ALL');
  const [listing, setListing] = useState<Listing | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [wanted, setWanted] = useState(PAGE);
  const load = async (count: number) => {
    try {
      const page = await sfn<{ executions: ExecutionListItem[]; nextToken?: string }>('ListExecutions', {
        stateMachineArn,
        maxResults: Math.min(count, 1000),
        ...(filter === 'ALL' ? {} : { statusFilter: filter }),
      });
      setListing({ items: page.executions, nextToken: page.nextToken });
      setError(undefined);
    } catch (failure) {
      setError(failure as Error);
    }
  };
  useEffect(() => {
    setListing(undefined);
    setWanted(PAGE);
    void load(PAGE);
  }, [stateMachineArn, filter]);
  usePolling(() => load(wanted), 2000, true);
  const more = () => {
    setWanted(wanted + PAGE);
    void load(wanted + PAGE);
  };
  const items = listing?.items ?? [];
  return (
    <section aria-label="Executions">
      <fieldset class="segmented">
        <legend class="visually-hidden">Status</legend>
        {FILTERS.map((status) => (
          <label key={status} class={filter === status ? 'checked' : undefined}>
            <input
              type="radio"
              name="status-filter"
              value={status}
              checked={filter === status}
              onChange={() => setFilter(status)}
            />
            {status === 'ALL' ? 'All' : executionStatusText(status)}
          </label>
        ))}
      </fieldset>
      {error !== undefined && <ErrorMessage error={error} />}
      {listing !== undefined && items.length === 0 && (
        <p class="muted empty-row">
          {filter === 'ALL' ? 'No executions yet.' : `No ${executionStatusText(filter).toLowerCase()} executions.`}
        </p>
      )}
      {items.length > 0 && (
        <div class="card">
          <Table
            caption="Executions"
            class="executions-"
            columns={['Name', 'Status', 'Started', 'Ended', 'Duration', 'Version or alias']}
          >
            {items.map((execution) => (
              <tr key={execution.executionArn} data-execution={execution.name}>
                <td>
                  <a href={executionHref(execution.executionArn)}>{execution.name}</a>
                  {(execution.redriveCount ?? 0) > 0 && (
                    <span class="tag" title="Redriven">
                      redriven ×{execution.redriveCount}
                    </span>
                  )}
                </td>
                <td>
                  <ExecutionBadge status={execution.status} />
                </td>
                <td class="nowrap">{dateTime(execution.startDate)}</td>
                <td class="nowrap">{dateTime(execution.stopDate)}</td>
                <td class="numeric">{between(execution.startDate, execution.stopDate)}</td>
                <td>{qualifier(execution)}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {listing?.nextToken !== undefined && listing.nextToken !== null && (
        <button type="button" class="button" onClick={more}>
          Load more
        </button>
      )}
    </section>
  );
}

function qualifier(execution: ExecutionListItem): string {
  if (execution.stateMachineAliasArn !== undefined) return `alias ${arnName(execution.stateMachineAliasArn)}`;
  if (execution.stateMachineVersionArn !== undefined) return `version ${arnName(execution.stateMachineVersionArn)}`;
  return '—';
}
