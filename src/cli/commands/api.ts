/**
 * `stepstone api <Action> [JSON|@file] --url <url>`: one call of the Step Functions API to a deployed
 * engine (or `stepstone dev`), through `stepstone/client` — the AWS SDK's own client, signing as the
 * engine's function URL requires — printing the response as JSON. For the shell, where the AWS CLI
 * cannot sign for a function URL.
 *
 * @example
 * stepstone api StartExecution --url "$API_URL" '{"stateMachineArn":"arn:aws:states:…:stateMachine:OrderSaga"}'
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as sfn from '@aws-sdk/client-sfn';
import { stepstoneClient } from '../../client.js';
import { type CommandIo, ExitCode } from '../io.js';

const USAGE = 'usage: stepstone api <Action> [JSON|@file] --url <url> [--region R]   (or STEPSTONE_API_URL)\n';

type CommandClass = new (input: unknown) => Parameters<sfn.SFNClient['send']>[0];

/** Runs the `api` command. */
export async function apiCommand(args: string[], io: CommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`stepstone api: ${(error as Error).message}\n${USAGE}`);
    return ExitCode.Usage;
  }
  const [action, body] = parsed.positionals;
  const url = parsed.values.url ?? process.env.STEPSTONE_API_URL;
  const Command = (sfn as unknown as Record<string, CommandClass | undefined>)[`${action}Command`];
  if (action === undefined || url === undefined || parsed.positionals.length > 2) {
    io.stderr(USAGE);
    return ExitCode.Usage;
  }
  if (Command === undefined) {
    io.stderr(`stepstone api: '${action}' is not an action of the Step Functions API\n`);
    return ExitCode.Usage;
  }
  let input: unknown;
  try {
    const text = body === undefined ? '{}' : body.startsWith('@') ? await readFile(body.slice(1), 'utf8') : body;
    input = JSON.parse(text);
  } catch (error) {
    io.stderr(`stepstone api: the request is not JSON: ${(error as Error).message}\n`);
    return ExitCode.Usage;
  }
  const client = stepstoneClient({ url, region: parsed.values.region });
  try {
    const { $metadata: _metadata, ...response } = (await client.send(new Command(input))) as unknown as Record<
      string,
      unknown
    >;
    io.stdout(`${JSON.stringify(response, null, 2)}\n`);
    return ExitCode.Ok;
  } catch (error) {
    io.stderr(`stepstone api: ${(error as Error).name}: ${(error as Error).message}\n`);
    return ExitCode.Failed;
  } finally {
    client.destroy();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, region: { type: 'string' } },
  });
}
