import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/dev/database.js';
import { SqliteQueue } from '../../../src/dev/sqlite-queue.js';
import { SqliteStore } from '../../../src/dev/sqlite-store.js';
import { executionRecord, frameRecord, runMessage } from '../../contract/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepstone-durable-'));
  dirs.push(dir);
  return join(dir, 'dev.db');
}

describe('SQLite adapters', () => {
  it('keep executions, frame records and delayed messages when the database is closed and opened again', async () => {
    const path = file();
    const first = openDatabase(path);
    const record = executionRecord();
    const arn = record.info.executionArn;
    await new SqliteStore(first).createExecution(record, frameRecord(arn, 'root', 0, { eventIds: [1, 2] }));
    await new SqliteQueue(first).send([{ body: runMessage(arn, 'root', 0), delaySeconds: 600 }]);
    first.close();

    const second = openDatabase(path);
    const store = new SqliteStore(second);
    expect(await store.getExecution(arn)).toEqual(record);
    expect((await store.readHistory(arn)).map((e) => e.id)).toEqual([1, 2]);
    const queue = new SqliteQueue(second, { now: () => Date.now() + 601_000, maxWaitSeconds: 0 });
    const [message] = await queue.receive({ maxMessages: 10, waitSeconds: 0 });
    expect(JSON.parse(message?.body ?? '{}')).toMatchObject({ kind: 'run', executionArn: arn, frameId: 'root' });
    second.close();
  });

  it('returns a long-polling receive as soon as a message is sent', async () => {
    const db = openDatabase(file());
    const queue = new SqliteQueue(db, { maxWaitSeconds: 20 });
    const waiting = queue.receive({ maxMessages: 1, waitSeconds: 20 });
    await queue.send([{ body: runMessage('arn:aws:states:us-east-1:1:execution:M:e', 'root', 0), delaySeconds: 0 }]);
    expect(await waiting).toHaveLength(1);
    db.close();
  });
});
