import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { eventually } from './helpers/eventually.js';
import { json } from './helpers/http.js';
import { SURVEY_API_TOKEN, startSurveySystem, type SurveySystem } from './helpers/survey-system.js';
import { insightJourneys } from './helpers/insight-journeys.js';

const CSV = `ID,E-mail,Name,owner,source,deal_amount,deal_currency,company
imp-1,wang.fang@example.com,王芳,zhang.min,expo,"88,000",CNY,杭州云科
imp-2,not-an-address,Bad Row,bob,expo,,,
,lee@example.com,Lee Chen,bob,ads,1500,USD,Acme
imp-4,four@example.com,Four,bob,ads
imp-5,five@example.com,Five,bob,ads,-3,CNY,
`;

describe('leadflow leads import and export against a running server', () => {
  let sys: SurveySystem;
  let dir: string;
  let env: Record<string, string>;
  const cli = async (args: string[], extra: Record<string, string> = {}) => {
    const run = runCli(args, { ...env, ...extra });
    return { code: await run.exited, out: run.output() };
  };

  beforeAll(async () => {
    sys = await startSurveySystem({ files: insightJourneys(new Date()) });
    dir = await mkdtemp(join(tmpdir(), 'leadflow-import-'));
    await writeFile(join(dir, 'leads.csv'), CSV);
    env = { LEADFLOW_URL: sys.publicUrl, LEADFLOW_API_TOKEN: SURVEY_API_TOKEN, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await sys?.close();
  });

  const listed = async () => (await json(await sys.api('/api/leads?limit=100'))).leads as { id: string; email: string; deal?: { amount: number } }[];

  it('checks rows in a dry run, imports the good ones with mapped columns, reports the rest by line and reason, and a re-run changes nothing', async () => {
    const map = '--map=id=ID,email=E-mail,name=Name';
    const dry = await cli(['leads', 'import', join(dir, 'leads.csv'), map, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('would import 2 of 5 rows');
    expect(dry.out).toMatch(/line 3: email: must be an e-mail address/);
    expect(dry.out).toMatch(/line 5: has 5 fields, the header has 8/);
    expect(dry.out).toMatch(/line 6: deal\.amount: must not be negative/);
    expect((await sys.api('/api/leads/imp-1')).status).toBe(404);

    const rejects = join(dir, 'rejects.csv');
    const run = await cli(['leads', 'import', join(dir, 'leads.csv'), map, '--rate', '20', '--rejects', rejects]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('imported 2 of 5 rows');
    expect((await readFile(rejects, 'utf8')).split('\n').slice(1, 4).map((l) => l.split(',')[0])).toEqual(['3', '5', '6']);
    const leads = await eventually(async () => {
      const l = await listed();
      return l.length === 2 ? l : undefined;
    });
    const lee = leads.find((l) => l.email === 'lee@example.com')!;
    expect(lee.id).toMatch(/^csv-[0-9a-f]{20}$/);
    const wang = await json(await sys.api('/api/leads/imp-1'));
    expect(wang.lead).toMatchObject({ name: '王芳', owner: 'zhang.min', source: 'expo', deal: { amount: 88000, currency: 'CNY' }, attributes: { company: '杭州云科' } });

    expect((await cli(['leads', 'import', join(dir, 'leads.csv'), map])).out).toContain('imported 2 of 5 rows');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await listed()).map((l) => l.id).sort()).toEqual([lee.id, 'imp-1'].sort());

    const out = join(dir, 'export.csv');
    const exported = await cli(['leads', 'export', '--out', out]);
    expect(exported.code).toBe(0);
    const text = (await readFile(out, 'utf8')).replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe('id,email,name,locale,timezone,country,region,owner,source,stage,birthday,deal_amount,deal_currency,company');
    expect(text).toContain('imp-1,wang.fang@example.com,王芳,,,,,zhang.min,expo,lead,,88000,CNY,杭州云科');
  });

  it('exits 2 on wrong usage: no token, a bad --map, a missing file', async () => {
    expect((await cli(['leads', 'export'], { LEADFLOW_API_TOKEN: '' })).code).toBe(2);
    const bad = await cli(['leads', 'import', join(dir, 'leads.csv'), '--map', 'mail=E-mail']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--map: "mail=E-mail" is not field=Header');
    expect((await cli(['leads', 'import', join(dir, 'nope.csv')])).code).toBe(2);
    expect((await cli(['leads', 'export'], { LEADFLOW_API_TOKEN: 'wrong-token-0123456789' })).code).toBe(1);
  });
});
