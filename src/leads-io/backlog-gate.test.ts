import { createServer } from 'node:http';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { backlogGate } from './backlog-gate.js';

describe('the import waits while the workers are behind', () => {
  it('holds rows while the workflow backlog on /metrics is above the limit, and lets them go once it drains', async () => {
    const backlogs = [5000, 2500, 40];
    let scrapes = 0;
    const server = createServer((_req, res) => {
      const n = backlogs[Math.min(scrapes++, backlogs.length - 1)];
      res.end(`# HELP leadflow_task_queue_backlog …\nleadflow_task_queue_backlog{task_queue="leadflow",kind="activity"} 9999\nleadflow_task_queue_backlog{task_queue="leadflow",kind="workflow"} ${n}\n`);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const gate = backlogGate(`http://127.0.0.1:${port}/metrics`, 1000);
      await gate.wait();
      expect(scrapes).toBe(3);
      expect(gate.pauses).toBe(2);
      await gate.wait();
      expect(scrapes).toBe(3);
      // No metrics to read: no wait.
      await backlogGate('http://127.0.0.1:1/metrics', 1000).wait();
    } finally {
      server.close();
    }
  });
});
