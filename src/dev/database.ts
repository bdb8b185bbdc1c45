/**
 * The file `stepstone dev` keeps its state in: one SQLite database (better-sqlite3) holding the
 * store, the registry and the step queue, so that executions, histories and timers survive a restart
 * of the server. Writes go through SQLite's write-ahead log; every port operation is one statement
 * or one transaction, so a crash leaves each one done or not done.
 *
 * better-sqlite3 is synchronous: a port operation runs to completion without yielding, which is what
 * makes its conditional writes atomic within the one server process.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** An open database. */
export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS definitions (hash TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state_machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS executions (
  arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, status TEXT NOT NULL, seq INTEGER NOT NULL,
  record TEXT NOT NULL, next_event_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (state_machine_arn, seq);
CREATE TABLE IF NOT EXISTS frames (
  execution_arn TEXT NOT NULL, frame_id TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (execution_arn, frame_id, version));
CREATE TABLE IF NOT EXISTS join_results (
  execution_arn TEXT NOT NULL, join_id TEXT NOT NULL, idx INTEGER NOT NULL, failed INTEGER NOT NULL,
  result TEXT NOT NULL, PRIMARY KEY (execution_arn, join_id, idx));
CREATE TABLE IF NOT EXISTS item_pages (
  execution_arn TEXT NOT NULL, join_id TEXT NOT NULL, first INTEGER NOT NULL, inputs TEXT NOT NULL,
  PRIMARY KEY (execution_arn, join_id, first));
CREATE TABLE IF NOT EXISTS task_tokens (token TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS map_runs (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, body TEXT NOT NULL,
  visible_at INTEGER NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0, receipt TEXT, dead INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS messages_visible ON messages (dead, visible_at);
CREATE UNIQUE INDEX IF NOT EXISTS messages_receipt ON messages (receipt);
CREATE TABLE IF NOT EXISTS versions (arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS version_counters (state_machine_arn TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS aliases (arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS activity_tasks (
  token TEXT PRIMARY KEY, activity_arn TEXT NOT NULL, scheduled_at INTEGER NOT NULL, claimed INTEGER NOT NULL DEFAULT 0,
  record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS activity_tasks_pending ON activity_tasks (activity_arn, claimed, scheduled_at);
CREATE TABLE IF NOT EXISTS tags (arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (arn, key));
CREATE TABLE IF NOT EXISTS mock_test_cases (execution_arn TEXT PRIMARY KEY, state_machine_name TEXT NOT NULL, test_case TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mock_invocations (
  execution_arn TEXT NOT NULL, state_name TEXT NOT NULL, attempt_key TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (execution_arn, state_name, attempt_key));
`;

/** Opens (creating if needed) the database at `path`; `:memory:` for one that lives with the process. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/** JSON text of a record. */
export function toText(value: unknown): string {
  return JSON.stringify(value);
}

/** A record from its JSON text. */
export function fromText<T>(text: string): T {
  return JSON.parse(text) as T;
}
