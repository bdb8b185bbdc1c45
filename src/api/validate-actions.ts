/**
 * `ValidateStateMachineDefinition` (every diagnostic of the validator, in the API's shape) and
 * `TestState`.
 */
import { z } from 'zod';
import { validateDefinition } from '../asl/validate/index.js';
import { action, arn, definition, stateMachineType } from './schemas.js';
import { testState } from './test-state.js';

/** The validation and test actions by name. */
export const validateActions = {
  ValidateStateMachineDefinition: action(
    z.object({
      definition,
      type: stateMachineType.optional(),
      severity: z.enum(['ERROR', 'WARNING']).optional(),
      maxResults: z.number().int().min(0).max(100).optional(),
    }),
    async (context, r) => {
      const text = context.prepareDefinition === undefined ? r.definition : context.prepareDefinition(r.definition);
      const result = validateDefinition(text);
      const limit = r.maxResults === undefined || r.maxResults === 0 ? 100 : r.maxResults;
      const diagnostics = result.diagnostics.map((d) => ({
        severity: 'ERROR' as const,
        code: d.code,
        message: `${d.state === undefined ? '' : `State '${d.state}'${d.field === undefined ? '' : ` › ${d.field}`}: `}${d.message}${d.line === undefined ? '' : ` (line ${d.line}, column ${d.column})`}`,
        location: d.pointer === '' ? '/' : d.pointer,
      }));
      return {
        result: result.ok ? 'OK' : 'FAIL',
        diagnostics: diagnostics.slice(0, limit),
        truncated: diagnostics.length > limit,
      };
    },
  ),
  TestState: action(
    z.object({
      definition,
      roleArn: arn.optional(),
      input: z.string().max(262_144).optional(),
      inspectionLevel: z.enum(['INFO', 'DEBUG', 'TRACE']).optional(),
      revealSecrets: z.boolean().optional(),
      variables: z.string().max(262_144).optional(),
      stateName: z.string().min(1).max(80).optional(),
      context: z.string().optional(),
      mock: z
        .object({
          result: z.string().max(262_144).optional(),
          errorOutput: z.object({ error: z.string().optional(), cause: z.string().optional() }).optional(),
          fieldValidationMode: z.enum(['STRICT', 'PRESENT', 'NONE']).optional(),
        })
        .optional(),
    }),
    async (context, r) => {
      const text = context.prepareDefinition === undefined ? r.definition : context.prepareDefinition(r.definition);
      return testState({ ...r, definition: text }, context.runtime.deps.invoker);
    },
  ),
};
