import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { timeSkippingEnv } from './temporal.js';
import type { Connectors } from '../../src/crm/configured.js';
import type { Env } from '../../src/env.js';
import { linkTokens } from '../../src/links/tokens.js';
import { smtpMailer } from '../../src/mail/mailer.js';
import { buildActivities } from '../../src/runtime/activity-setup.js';
import { startDingtalkFake } from '../fakes/chat/dingtalk-fake.js';
import { startFeishuFake } from '../fakes/chat/feishu-fake.js';
import { startSlackFake } from '../fakes/chat/slack-fake.js';
import { startWecomFake } from '../fakes/chat/wecom-fake.js';
import { writeJourneys } from './journey-files.js';
import { parse } from 'yaml';
import { teamSchema } from '../../src/domain/team.js';
import { ownerDigestWorkflowId, teamQueueWorkflowId } from '../../workflows/team-messages.js';
import { MAIL_FROM, TEST_PUBLIC_URL, TEST_SECRET, testDb } from './temporal.js';

export const DINGTALK_SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';
export const FEISHU_SECRET = 'feishu-signing-secret-0123';
export const CHEN_JIE_OPEN_ID = 'ou_7d8a6e6df7621556ce0d21922b676706';

/**
 * The sales team of the tests: 张敏 in Shanghai on a WeCom group robot, 李娜 on a signed DingTalk
 * robot (mentioned by mobile), 陈杰 on a signed Feishu bot, Bob in New York on Slack; every robot's
 * secret comes from the environment, by name.
 */
export const TEAM_YAML = `
defaults: { timezone: Asia/Shanghai, country: CN, notify: [sales-wecom] }
destinations:
  sales-wecom: { service: wecom, key: WECOM_SALES_KEY }
  care-ding: { service: dingtalk, accessToken: DINGTALK_CARE_TOKEN, secret: DINGTALK_CARE_SECRET }
  wins-feishu: { service: feishu, webhook: FEISHU_WINS_HOOK, secret: FEISHU_WINS_SECRET }
  us-slack: { service: slack, webhook: SLACK_US_WEBHOOK }
crmRecordUrls: { generic: "https://crm.example.com/deals/{id}" }
owners:
  zhang.min: { name: 张敏, email: zhang.min@example.cn, wecom: { userid: ZhangMin } }
  li.na: { name: 李娜, email: li.na@example.cn, dingtalk: { mobile: "13800000001" }, notify: [care-ding] }
  chen.jie: { name: 陈杰, email: chen.jie@example.cn, feishu: { openId: ${CHEN_JIE_OPEN_ID} }, notify: [wins-feishu] }
  bob: { name: Bob Smith, locale: en, timezone: America/New_York, country: US, email: bob@example.com, slack: { memberId: U024BE7LH }, notify: [us-slack] }
`;

/** All four chat fakes, and the environment that points the team's destinations at them. */
export async function startChatFakes(clock?: () => number | Promise<number>) {
  const [wecom, dingtalk, feishu, slack] = await Promise.all([
    startWecomFake(['wk-sales']),
    startDingtalkFake([{ token: 'dt-care', secret: DINGTALK_SECRET }]),
    startFeishuFake([{ id: 'fs-wins', secret: FEISHU_SECRET }]),
    startSlackFake(['T000/B000/us']),
  ]);
  for (const fake of [wecom, dingtalk, feishu, slack]) fake.control.clock = clock;
  const env: Env = {
    WECOM_SALES_KEY: wecom.address('wk-sales'),
    DINGTALK_CARE_TOKEN: dingtalk.address('dt-care'),
    DINGTALK_CARE_SECRET: DINGTALK_SECRET,
    FEISHU_WINS_HOOK: feishu.address('fs-wins'),
    FEISHU_WINS_SECRET: FEISHU_SECRET,
    SLACK_US_WEBHOOK: slack.address('T000/B000/us'),
  };
  return {
    wecom,
    dingtalk,
    feishu,
    slack,
    env,
    close: () => Promise.all([wecom.close(), dingtalk.close(), feishu.close(), slack.close()]),
  };
}

export type ChatFakes = Awaited<ReturnType<typeof startChatFakes>>;

export interface TeamWorkerOptions {
  connection: NativeConnection;
  client: Client;
  files: Record<string, string>;
  env: Env;
  smtpUrl: string;
  connectors?: Connectors;
  heartbeatTimeout?: string;
}

/** A worker with the real activities, the team's included, on its own task queue. */
export async function startTeamWorker(opts: TeamWorkerOptions) {
  const journeysDir = await writeJourneys(opts.files);
  const taskQueue = `team-${randomUUID()}`;
  const mailer = smtpMailer(opts.smtpUrl);
  const activities = buildActivities({
    journeysDir,
    db: await testDb(),
    mailer,
    mailFrom: MAIL_FROM,
    publicUrl: TEST_PUBLIC_URL,
    tokens: linkTokens(TEST_SECRET),
    tracking: false,
    connectors: opts.connectors,
    temporal: { client: opts.client, taskQueue },
    env: opts.env,
    team: { heartbeatTimeout: opts.heartbeatTimeout },
  });
  const worker = await Worker.create({ connection: opts.connection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities });
  return {
    worker,
    taskQueue,
    journeysDir,
    mailer,
    activities,
    /**
     * Ends what this worker's team left running (destination queues, digests, the given journeys):
     * their ids are global, and a later test's worker on another task queue must not find them.
     */
    async cleanUp(workflowIds: string[] = []) {
      mailer.close();
      const team = teamSchema.parse(parse(opts.files['team.yaml'] ?? '{}') ?? {});
      const owners = Object.keys(team.owners);
      const ids = [...Object.keys(team.destinations).map(teamQueueWorkflowId), ...owners.map((o) => teamQueueWorkflowId(`email:${o}`)), ...owners.map(ownerDigestWorkflowId), ...workflowIds];
      await Promise.all(ids.map((id) => opts.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    },
  };
}

/**
 * A time-skipping server, an SMTP sink and the chat fakes (on the server's clock) for one describe
 * block; `skipTo` moves the clock to a local time, and `team` starts a worker for some journeys.
 */
export function timeSkippedTeam() {
  let env: TestWorkflowEnvironment | undefined;
  let sink: SmtpSink | undefined;
  let fakes: ChatFakes | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    [sink, fakes] = await Promise.all([startSmtpSink(), startChatFakes(() => env!.currentTimeMs())]);
  });
  afterAll(async () => {
    await env?.teardown();
    await sink?.close();
    await fakes?.close();
  });
  return {
    env: () => env!,
    sink: () => sink!,
    fakes: () => fakes!,
    /** Skips the server's clock to a local time (it only moves forward). */
    async skipTo(local: string, zone = 'Asia/Shanghai') {
      const target = DateTime.fromISO(local, { zone }).toMillis();
      const now = await env!.currentTimeMs();
      if (target > now) await env!.sleep(target - now);
    },
    team: (files: Record<string, string>, extra: { env?: Env; connectors?: Connectors } = {}) =>
      startTeamWorker({ connection: env!.nativeConnection, client: env!.client, files: { 'team.yaml': TEAM_YAML, ...files }, env: { ...fakes!.env, ...extra.env }, smtpUrl: sink!.url, connectors: extra.connectors }),
  };
}
