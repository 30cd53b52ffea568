import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Env } from '../env.js';
import { serverExecutable } from './binaries.js';

/**
 * The SDK's client pings every 30 s, even with no call open. The Java time-skipping server
 * (grpc-java's defaults) takes a ping within 5 minutes of the last one, in a spell in which it
 * sent nothing, as a strike, and after two it closes the connection ("too many pings"). A long
 * `env.sleep` on a loaded machine is such a spell, and the reconnect lost the call: the
 * time-skipped tests hung. Pinging every 10 minutes, and only with a call open, stays inside it.
 * This is the client's connection only: the worker's native connection keeps the SDK core's own
 * keepalive, which the SDK does not expose.
 */
const CALM_KEEPALIVE: ConnectionPlugin = {
  name: 'leadflow-calm-keepalive',
  configureConnection: (options) => ({ ...options, channelArgs: { ...options.channelArgs, 'grpc.keepalive_time_ms': 600_000, 'grpc.keepalive_permit_without_calls': 0 } }),
};

/**
 * The Java time-skipping test server (`journeys simulate`, the time-skipped tests, the history
 * benchmarks), from the pinned wheel or the SDK's download, with a client it will not hang up on.
 */
export function startTimeSkippingServer(env: Env): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: serverExecutable('test-server', env) }, plugins: [CALM_KEEPALIVE] });
}
