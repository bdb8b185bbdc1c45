/**
 * Every semantic rule, in the order they run. Each reads the raw definition defensively, so all of
 * them run even when the schema rejected part of the definition.
 */
import type { Rule } from '../rule.js';
import { fail } from './fail.js';
import { jsonataExpressions } from './jsonata-expressions.js';
import { map } from './map.js';
import { nextExists } from './next-exists.js';
import { nextOrEnd } from './next-or-end.js';
import { paths } from './paths.js';
import { payloadTemplates } from './payload-templates.js';
import { queryLanguage } from './query-language.js';
import { reachable } from './reachable.js';
import { stateNames } from './state-names.js';
import { statesAll } from './states-all.js';
import { task } from './task.js';
import { variableNames } from './variable-names.js';
import { wait } from './wait.js';

/** The semantic rules of validation. */
export const RULES: readonly Rule[] = [
  stateNames,
  nextExists,
  reachable,
  nextOrEnd,
  queryLanguage,
  paths,
  payloadTemplates,
  jsonataExpressions,
  statesAll,
  wait,
  fail,
  task,
  map,
  variableNames,
];
