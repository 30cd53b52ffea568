import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { writeJourneys } from './helpers/journey-files.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { startChatFakes, TEAM_YAML, type ChatFakes } from './helpers/team-system.js';

describe('leadflow team check', () => {
  let fakes: ChatFakes;
  let sink: SmtpSink;
  let dir: string;
  beforeAll(async () => {
    [fakes, sink] = await Promise.all([startChatFakes(), startSmtpSink()]);
    dir = await writeJourneys({ 'funnel.yaml': 'stages:\n  lead: {}\n', 'team.yaml': TEAM_YAML.replace('notify: [us-slack]', 'notify: [us-slack, email]') });
  });
  afterAll(async () => {
    await fakes?.close();
    await sink?.close();
  });
  const check = (env: Record<string, string>, ...args: string[]) => runCli(['team', 'check', '--dir', dir, ...args], { ...fakes.env, SMTP_URL: sink.url, LOG_LEVEL: 'silent', ...env });

  it('sends a test message to every destination and to owners told by e-mail: exit 0 when all work', async () => {
    const run = check({});
    expect(await run.exited).toBe(0);
    const out = run.output();
    for (const line of [/✓ sales-wecom \(wecom\): test message delivered in \d+ ms/, /✓ care-ding \(dingtalk\)/, /✓ wins-feishu \(feishu\)/, /✓ us-slack \(slack\)/, /✓ email:bob \(email\)/]) expect(out).toMatch(line);
    expect(out).toContain('5 of 5 destination(s) work');
    expect(fakes.wecom.messages.at(-1)!.body.msgtype).toBe('template_card');
    expect(JSON.stringify(fakes.dingtalk.messages.at(-1)!.body)).toContain('leadflow 连接测试');
    expect(sink.messages.at(-1)!.envelopeTo).toEqual(['bob@example.com']);
  });

  it('says which destinations refuse and why: exit 1', async () => {
    fakes.slack.archived.add('T000/B000/us');
    try {
      const run = check({ DINGTALK_CARE_SECRET: 'SECwrong', WECOM_SALES_KEY: fakes.wecom.address('a-removed-robot') }, '--only', 'care-ding', '--only', 'us-slack', '--only', 'sales-wecom');
      expect(await run.exited).toBe(1);
      const out = run.output();
      expect(out).toMatch(/✗ care-ding \(dingtalk\): dingtalk: 310000 sign not match: check the SEC… secret/);
      expect(out).toMatch(/✗ us-slack \(slack\): slack: 410 channel_is_archived: the channel is archived/);
      expect(out).toContain('✗ sales-wecom (wecom): wecom: 93000 invalid webhook url: the robot was removed, or the variable holds neither its key nor its webhook address');
      expect(out).toContain('0 of 3 destination(s) work');
      expect(out).not.toContain('SECwrong');
    } finally {
      fakes.slack.archived.clear();
    }
  });

  it('a variable that is not set is configuration: exit 2, naming it', async () => {
    const run = check({ FEISHU_WINS_HOOK: '' }, '--only', 'wins-feishu');
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('✗ wins-feishu (feishu): FEISHU_WINS_HOOK is not set (destination wins-feishu in team.yaml)');
  });
});
