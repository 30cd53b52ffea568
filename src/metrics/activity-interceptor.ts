import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import type { Context } from '@temporalio/activity';
import { leadflowMetrics } from './registry.js';

/** Times every activity and counts its failures, for `leadflow_activity_seconds` and `…_failures_total`. */
export class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: Context) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const metrics = leadflowMetrics();
    const activity = this.ctx.info.activityType;
    const end = metrics.activitySeconds.startTimer({ activity });
    try {
      const result = await next(input);
      end({ result: 'ok' });
      return result;
    } catch (err) {
      end({ result: 'failed' });
      metrics.activityFailures.inc({ activity });
      throw err;
    }
  }
}

/** The worker option that installs it. */
export const activityMetrics = (ctx: Context) => ({ inbound: new ActivityMetricsInterceptor(ctx) });
