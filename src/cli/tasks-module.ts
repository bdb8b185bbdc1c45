/**
 * Loading a `--tasks` module: its default export (an object of handlers) and its named function
 * exports, by name (`stepstone run`, `stepstone dev`).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskHandler } from '../local/task-invoker.js';

/** Loads task handlers from a module; throws an `Error` saying why it cannot. */
export async function loadTaskModule(path: string): Promise<Record<string, TaskHandler>> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot load the task module '${path}': ${(error as Error).message}`);
  }
  const handlers: Record<string, TaskHandler> = {};
  const fromDefault = module.default;
  if (fromDefault !== null && typeof fromDefault === 'object') {
    for (const [name, value] of Object.entries(fromDefault))
      if (typeof value === 'function') handlers[name] = value as TaskHandler;
  }
  for (const [name, value] of Object.entries(module)) {
    if (name !== 'default' && typeof value === 'function') handlers[name] = value as TaskHandler;
  }
  return handlers;
}
