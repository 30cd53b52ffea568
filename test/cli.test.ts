import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { writeJourneys } from './helpers/journey-files.js';
import { SHIPPED_JOURNEYS } from './helpers/leads.js';
import { startHubspotFake } from './fakes/hubspot-fake.js';
import { CN_2027_ESTIMATED_DAYS_OFF } from './fixtures/cn-2027-estimate.js';

describe('the leadflow command', () => {
  it('journeys validate: exit 0 on the shipped funnel, exit 1 naming each problem', async () => {
    const ok = runCli(['journeys', 'validate', '--dir', SHIPPED_JOURNEYS], {});
    expect(await ok.exited).toBe(0);
    expect(ok.output()).toMatch(/valid \(customer-welcome, lead-nurture, quote-follow-up\)/);

    const dir = await writeJourneys({ 'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n    staleAfter: soon\n', 'sequences/drip.yaml': 'name: drip\nsteps: []\n' });
    const bad = runCli(['journeys', 'validate', '--dir', dir], {});
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('funnel.yaml:4: stages.lead.staleAfter: "soon" is not a duration');
    expect(bad.output()).toContain('sequences/drip.yaml:2: steps: a sequence needs at least one step');
  });

  it('journeys validate: checks calendar files and warns of years that run on an estimate', async () => {
    const ok = runCli(['journeys', 'validate', '--dir', SHIPPED_JOURNEYS], {});
    expect(await ok.exited).toBe(0);
    expect(ok.output()).toMatch(/! CN (\d{4}): no official schedule; using the statutory estimate — add journeys\/calendars\/CN-\1\.yaml when the notice is out/);

    const dir = await writeJourneys({
      'funnel.yaml': 'stages:\n  lead: {}\n',
      'calendars/CN-2027.yaml': 'year: 2028\nholidays:\n  - { date: 2027-02-05, day: sat }\n  - 2027-02-31\nworkdays:\n  - 2027-02-05\n',
      'calendars/china.yaml': 'year: 2027\n',
    });
    const bad = runCli(['journeys', 'validate', '--dir', dir], {});
    expect(await bad.exited).toBe(1);
    const out = bad.output();
    expect(out).toContain('calendars/CN-2027.yaml:4: holidays[1]: must be a date like 2027-02-05');
    expect(out).toContain('calendars/china.yaml: must be named <COUNTRY or REGION>-<YEAR>.yaml');

    const wrongDays = await writeJourneys({
      'funnel.yaml': 'stages:\n  lead: {}\n',
      'calendars/CN-2027.yaml': 'year: 2028\nholidays:\n  - { date: 2027-02-05, day: sat }\nworkdays:\n  - 2027-02-05\n',
    });
    const wrong = runCli(['journeys', 'validate', '--dir', wrongDays], {});
    expect(await wrong.exited).toBe(1);
    expect(wrong.output()).toContain('calendars/CN-2027.yaml: year: is 2028, but the file name says 2027');
    expect(wrong.output()).toContain('calendars/CN-2027.yaml: holidays[0].day: 2027-02-05 is a fri, not a sat');
    expect(wrong.output()).toContain('calendars/CN-2027.yaml: workdays[0]: 2027-02-05 is also listed as a holiday');
  });

  it('journeys simulate --start --json: a lead in Shanghai from 25 January 2027 gets no mail on a holiday', async () => {
    const run = runCli(['journeys', 'simulate', '--dir', SHIPPED_JOURNEYS, '--timezone', 'Asia/Shanghai', '--start', '2027-01-25', '--days', '30', '--json'], {});
    expect(await run.exited).toBe(0);
    const lines = run.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, string>);
    const mails = lines.filter((l) => l.kind === 'email');
    expect(mails.length).toBeGreaterThanOrEqual(3);
    expect(mails[0]).toMatchObject({ template: 'nurture-welcome', sequence: 'lead-nurture', local: expect.stringMatching(/^2027-01-25T09:00/) });
    for (const mail of mails) {
      const day = mail.local!.slice(0, 10);
      expect(CN_2027_ESTIMATED_DAYS_OFF, `${mail.template} on ${day}`).not.toContain(day);
      expect(Date.parse(mail.at!)).toBe(Date.parse(mail.local!));
      expect(mail.local).toMatch(/\+08:00$/);
    }
    expect(lines.some((l) => l.kind === 'stage')).toBe(false); // the default scenario's first stage change is at day 30
    expect(lines[0]).toMatchObject({ kind: 'notice', message: expect.stringContaining('CN 2027') });

    const past = runCli(['journeys', 'simulate', '--dir', SHIPPED_JOURNEYS, '--start', '2020-01-01'], {});
    expect(await past.exited).toBe(2);
    expect(past.output()).toMatch(/--start .* is in the past/);
    const region = runCli(['journeys', 'simulate', '--dir', SHIPPED_JOURNEYS, '--region', 'DE-XX'], {});
    expect(await region.exited).toBe(2);
  });

  it('journeys simulate --birthday: each year’s spring-festival, mid-autumn and birthday mail for a customer in Shanghai', async () => {
    const run = runCli(['journeys', 'simulate', '--dir', SHIPPED_JOURNEYS, '--stage', 'won', '--timezone', 'Asia/Shanghai', '--locale', 'zh-CN', '--start', '2027-01-10', '--days', '1200', '--birthday', 'chinese:8-15', '--answer', '9d:9', '--json'], {});
    expect(await run.exited).toBe(0);
    const lines = run.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, string>);
    const care = lines.filter((l) => l.occasion).map((l) => `${l.occasion} ${l.local!.slice(0, 16)}`);
    for (const year of [2027, 2028, 2029]) {
      for (const occasion of ['spring-festival', 'mid-autumn', 'birthday']) expect(care.some((c) => c.startsWith(`${occasion} ${year}`)), `${occasion} ${year}`).toBe(true);
    }
    expect(care).toContain('birthday 2028-10-03T10:00'); // 八月十五 of 2028
    expect(new Set(care).size).toBe(care.length);
    const survey = lines.filter((l) => l.survey);
    expect(survey.map((l) => l.template)).toEqual(['survey']); // answered on day 9: no reminder
    expect(lines.some((l) => l.kind === 'stage')).toBe(false);
  });

  it('journeys simulate: prints the shipped funnel’s dated timeline in the lead’s local time', async () => {
    const run = runCli(['journeys', 'simulate', '--dir', SHIPPED_JOURNEYS, '--days', '120', '--timezone', 'Europe/Berlin', '--locale', 'en'], {});
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toContain('Journey of a lead in Europe/Berlin (en) over 120 days');
    expect(out).toMatch(/day {3}0 {2}\w{3} \d{4}-\d\d-\d\d \d\d:\d\d {2}✉ {2}nurture-welcome \[en\]/);
    expect(out).toMatch(/✉ {2}nurture-pricing/);
    expect(out).toMatch(/→ {2}stage quoted → negotiating/);
    expect(out).toMatch(/☐ {2}task for Zhang Min: Follow up with Li Wei on the negotiation/);
    expect(out).toMatch(/✉ {2}customer-welcome/);
    // Every e-mail after the welcome lands Monday to Friday, 09:00 to 17:59, Berlin time.
    const sends = [...out.matchAll(/(\w{3}) \d{4}-\d\d-\d\d (\d\d):\d\d {2}✉ {2}(\S+)/g)].filter((m) => m[3] !== 'nurture-welcome');
    expect(sends.length).toBeGreaterThanOrEqual(5);
    for (const [, weekday, hour] of sends) {
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(weekday);
      expect(Number(hour)).toBeGreaterThanOrEqual(9);
      expect(Number(hour)).toBeLessThan(18);
    }
  });

  it('exits 2 with the variable named when the configuration is wrong', async () => {
    const run = runCli(['journeys', 'validate'], { JOURNEYS_DIR: SHIPPED_JOURNEYS, PORT: 'abc' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/PORT: /);
  });

  it('connectors check: shows what the CRM sees with working credentials, and fails clearly with bad ones', async () => {
    const hs = await startHubspotFake();
    try {
      const env = { HUBSPOT_ACCESS_TOKEN: hs.token, HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_URL: hs.baseUrl, JOURNEYS_DIR: SHIPPED_JOURNEYS };
      const ok = runCli(['connectors', 'check', 'hubspot'], env);
      expect(await ok.exited).toBe(0);
      expect(ok.output()).toContain('✓ hubspot: credentials work');
      expect(ok.output()).toContain('"closedwon"');
      const bad = runCli(['connectors', 'check', 'hubspot'], { ...env, HUBSPOT_ACCESS_TOKEN: 'pat-na1-wrong' });
      expect(await bad.exited).toBe(1);
      expect(bad.output()).toMatch(/leadflow: .*(401|token|auth)/i);
      const off = runCli(['connectors', 'check', 'zoho'], { JOURNEYS_DIR: SHIPPED_JOURNEYS });
      expect(await off.exited).toBe(2);
      expect(off.output()).toContain('connector "zoho" is not configured');
    } finally {
      await hs.close();
    }
  });
});
