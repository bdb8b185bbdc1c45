/**
 * Which mock test case each execution runs, and how many times each of its mocked states was
 * invoked: kept in the database, so that a restarted server goes on where the execution was.
 */
import type { Db } from './database.js';

/** The test case an execution runs. */
export interface SelectedTestCase {
  readonly stateMachineName: string;
  readonly testCase: string;
}

/** Test cases of executions and their mocked invocation counts. */
export class TestCases {
  constructor(private readonly db: Db) {}

  /** Records the test case an execution runs. */
  select(executionArn: string, selected: SelectedTestCase): void {
    this.db
      .prepare('INSERT OR REPLACE INTO mock_test_cases (execution_arn, state_machine_name, test_case) VALUES (?, ?, ?)')
      .run(executionArn, selected.stateMachineName, selected.testCase);
  }

  /** The test case an execution runs, if any. */
  of(executionArn: string): SelectedTestCase | undefined {
    const row = this.db
      .prepare(
        'SELECT state_machine_name AS stateMachineName, test_case AS testCase FROM mock_test_cases WHERE execution_arn = ?',
      )
      .get(executionArn) as SelectedTestCase | undefined;
    return row;
  }

  /**
   * The number of this invocation of a state (0 first). An attempt asked again (a redelivered step:
   * same attempt key) keeps its number, so it gets the same mocked answer.
   */
  invocation(executionArn: string, stateName: string, attemptKey: string): number {
    return this.db.transaction(() => {
      const known = this.db
        .prepare('SELECT n FROM mock_invocations WHERE execution_arn = ? AND state_name = ? AND attempt_key = ?')
        .get(executionArn, stateName, attemptKey) as { n: number } | undefined;
      if (known !== undefined) return known.n;
      const { n } = this.db
        .prepare('SELECT COUNT(*) AS n FROM mock_invocations WHERE execution_arn = ? AND state_name = ?')
        .get(executionArn, stateName) as { n: number };
      this.db
        .prepare('INSERT INTO mock_invocations (execution_arn, state_name, attempt_key, n) VALUES (?, ?, ?, ?)')
        .run(executionArn, stateName, attemptKey, n);
      return n;
    })();
  }
}
