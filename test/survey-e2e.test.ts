import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { json } from './helpers/http.js';
import { testLead } from './helpers/leads.js';
import { startSurveySystem, type SurveySystem } from './helpers/survey-system.js';

describe('a satisfaction survey end to end: mail → page → answer → journey, store and CRM', () => {
  let sys: SurveySystem;
  beforeAll(async () => {
    sys = await startSurveySystem();
  });
  afterAll(async () => {
    await sys?.close();
  });

  const api = (path: string, body?: unknown) => sys.api(path, body);
  const answer = (path: string, form: Record<string, string>) => sys.app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const notesAbout = (text: string) => [...sys.hs.state.notes.values()].filter((n) => Object.values(n.properties).some((v) => String(v).includes(text)));

  it('records nothing on a GET, one answer per survey however often it is given, a task for a low score, and notes in the CRM', async () => {
    const { hs, sink, app } = sys;
    const deal = hs.addDeal({ dealstage: 'closedwon', pipeline: 'default' });
    const lead = testLead({ stage: 'won', crm: [{ connector: 'hubspot', id: deal.id }] });
    expect((await api('/api/leads', lead)).status).toBe(202);

    // The survey mail: one signed link per score, straight to the survey page (no click redirect).
    const mail = await eventually(() => sink.messages.find((m) => m.envelopeTo.includes(lead.email)));
    expect(mail.parsed.subject).toBe('Would you recommend us? One click is enough');
    const links = sys.scoreLinks(String(mail.parsed.html));
    expect(links).toHaveLength(11);
    const three = links[3]!;

    // A link scanner opens the link: the page shows 3 chosen, and nothing is recorded.
    const page = await app.request(three);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/value="3" checked/);
    const results = async () => json(await api('/api/surveys/after-sale/results'));
    await eventually(async () => ((await results()).sent === 1 ? true : undefined));
    expect(await results()).toMatchObject({ sent: 1, answered: 0, responseRate: 0 });
    expect((await json(await api(`/api/leads/${lead.id}`))).surveys[0].answer).toBeUndefined();

    // The customer presses the button: recorded on the journey, a task for the owner, a note on the deal.
    const thanks = await answer(three, { score: '3', comment: 'Onboarding took too long' });
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('Thank you!');
    const low = await eventually(async () => {
      const view = await json(await api(`/api/leads/${lead.id}`));
      return view.tasks.some((t: { origin: string }) => t.origin === 'survey') ? view : undefined;
    });
    expect(low.surveys[0]).toMatchObject({ name: 'after-sale', answers: 1, answer: { score: 3, comment: 'Onboarding took too long' } });
    expect(low.tasks.find((t: { origin: string }) => t.origin === 'survey').title).toBe(`${lead.name} gave 3/10 in the after-sale survey: call them`);
    await eventually(() => (notesAbout('3 of 10').length === 1 && [...hs.state.tasks.values()].some((t) => Object.values(t.properties).some((v) => String(v).includes("3/10"))) ? true : undefined));
    expect(notesAbout('Onboarding took too long')).toHaveLength(1);

    // A second answer updates the first; the same answer twice (a double click) counts once.
    expect((await answer(three, { score: '9', comment: '' })).status).toBe(200);
    expect((await answer(three, { score: '9', comment: '' })).status).toBe(200);
    await eventually(async () => ((await results()).promoters === 1 ? true : undefined));
    expect(await results()).toMatchObject({ sent: 1, answered: 1, responseRate: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 });
    const view = await json(await api(`/api/leads/${lead.id}`));
    expect(view.surveys[0]).toMatchObject({ answers: 2, answer: { score: 9 } });
    expect(view.tasks.filter((t: { origin: string }) => t.origin === 'survey')).toHaveLength(1);
    await eventually(() => (notesAbout('9 of 10').length === 1 ? true : undefined));

    // Forged, tampered, foreign and off-scale: 4xx pages, never a 5xx, nothing recorded.
    const [body, mac] = three.slice(3).split('.');
    const tampered = `/s/${body!.slice(0, -2)}xx.${mac}`;
    const unsubscribeLink = new RegExp(`href="${sys.publicUrl}(/u/[^"]+)"`).exec(String(mail.parsed.html))![1]!;
    for (const path of ['/s/not-a-token', tampered, `/s/${unsubscribeLink.slice(3)}`]) {
      expect((await app.request(path)).status, path).toBe(400);
      expect((await answer(path, { score: '1' })).status, path).toBe(400);
    }
    expect((await answer(three, { score: '11' })).status).toBe(400);
    expect((await json(await api(`/api/leads/${lead.id}`))).surveys[0].answers).toBe(2);
    expect((await json(await api("/api/surveys/after-sale/results?from=2020-01-01&to=2020-02-01")))).toMatchObject({ sent: 0, answered: 0 });
    expect((await api('/api/surveys/after-sale/results?from=yesterday')).status).toBe(400);
  });
});
