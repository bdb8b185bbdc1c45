#!/usr/bin/env node
// The `stepstone` command. Loads the TypeScript sources through tsx so that task modules written in
// TypeScript (`--tasks functions/tasks/index.ts`) load the same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
