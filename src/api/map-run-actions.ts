/**
 * The map run actions: `DescribeMapRun` and `ListMapRuns`, for the map runs of distributed Map
 * states (src/runtime/map-runs.ts). `UpdateMapRun` is not served.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import { z } from 'zod';
import { describeMapRun, listMapRuns } from '../runtime/map-runs.js';
import { epochSeconds, optionalEpochSeconds } from './action.js';
import { action, arn, maxResults, nextToken, pageSize } from './schemas.js';

/** Every map run action. */
export const mapRunActions = {
  DescribeMapRun: action(z.object({ mapRunArn: arn }), async (context, r) => {
    const run = await describeMapRun(context.runtime, r.mapRunArn);
    return { ...run, startDate: epochSeconds(run.startDate), stopDate: optionalEpochSeconds(run.stopDate) };
  }),
  ListMapRuns: action(z.object({ executionArn: arn, maxResults, nextToken }), async (context, r) => {
    const page = await listMapRuns(context.runtime, r.executionArn, {
      maxResults: pageSize(r.maxResults),
      nextToken: r.nextToken,
    });
    return {
      mapRuns: page.items.map((run) => ({
        ...run,
        startDate: epochSeconds(run.startDate),
        stopDate: optionalEpochSeconds(run.stopDate),
      })),
      nextToken: page.nextToken,
    };
  }),
};
