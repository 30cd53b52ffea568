import { describe, expect, it } from 'vitest';
import { template, writeJourneys, funnel } from '../../test/helpers/journey-files.js';
import { SHIPPED_JOURNEYS } from '../../test/helpers/leads.js';
import { ownValue } from '../domain/own-key.js';
import { journeyLibrary } from './library.js';

describe('journey files', () => {
  it('the shipped default funnel is valid', async () => {
    const { errors, sequences } = await journeyLibrary(SHIPPED_JOURNEYS).validate();
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(sequences).toEqual(['customer-welcome', 'lead-nurture', 'quote-follow-up']);
  });

  it('names the file, the path inside it, the line and the problem', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n  quoted:\n    sequence: missing\n    staleAfter: 3 days\n',
      'sequences/drip.yaml': [
        'name: drip',
        'steps:',
        '  - send: hello',
        '  - wait: 2x',
        '  - send: nowhere',
        '  - goto: nope',
        '  - wait: 1d',
        '    send: hello',
      ].join('\n'),
      'templates/hello/en.html': template('Hi {{ lead.name | nosuchfilter }}'),
    });
    const messages = (await journeyLibrary(dir).validate()).errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'funnel.yaml:6: stages.quoted.staleAfter: "3 days" is not a duration; write it like 3d, 2h, 30m or 1d12h',
        'sequences/drip.yaml:4: steps[1].wait: "2x" is not a duration; write it like 3d, 2h, 30m or 1d12h',
        'sequences/drip.yaml:7: steps[4]: a step needs exactly one of: send, wait, waitUntil, waitFor, branch, task, setStage, goto, exit (this one has send and wait)',
      ]),
    );
  });

  it('checks targets.yaml: periods, currency and shares, by line', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': 'stages: {}\n',
      'targets.yaml': 'currency: yuan\ntargets:\n  - { owner: bob, period: 2027-13, amount: 1000 }\n  - { owner: li, period: 2027-Q1, conversion: 30 }\n',
    });
    const messages = (await journeyLibrary(dir).validate()).errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'targets.yaml:1: currency: must be an ISO 4217 code such as CNY',
        'targets.yaml:3: targets[0].period: must be a year (2026), a quarter (2026-Q4) or a month (2026-12)',
        expect.stringMatching(/^targets\.yaml:4: targets\[1\]\.conversion: /),
      ]),
    );
    expect(await journeyLibrary(SHIPPED_JOURNEYS).targets()).toEqual({ currency: 'CNY', timezone: 'Asia/Shanghai', targets: [] });
  });

  it('checks cross references once the shapes are right', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': funnel('drip') + '  quoted:\n    sequence: missing\n',
      'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: nowhere\n  - goto: nope\n  - id: a\n    exit: true\n  - id: a\n    exit: true\n',
    });
    const messages = (await journeyLibrary(dir).validate()).errors.map((e) => e.message);
    expect(messages).toEqual([
      'funnel.yaml: stages.quoted.sequence: no file sequences/missing.yaml',
      'sequences/drip.yaml: steps[3].id: "a" is used twice',
      'sequences/drip.yaml: steps[1].goto: no step has id "nope"',
      'sequences/drip.yaml: steps[0].send: template "nowhere" not found in templates/',
    ]);
  });

  it('snapshots a sequence with its templates under a content hash that changes with either', async () => {
    const files = { 'funnel.yaml': funnel(), 'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n', 'templates/hello/en.html': template('One') };
    const dir = await writeJourneys(files);
    const library = journeyLibrary(dir);
    const first = await library.sequence('drip');
    expect(first.templates.hello!.en!.subject).toBe('One');
    expect((await library.sequence('drip')).hash).toBe(first.hash);
    await writeJourneys({ 'templates/hello/en.html': template('Two') }, dir);
    expect((await library.sequence('drip')).hash).not.toBe(first.hash);
  });

  it('reads a template whatever its name, `constructor` and `toString` included', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': funnel(),
      'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: constructor\n  - send: tostring\n',
      'templates/constructor/en.html': template('Built'),
      'templates/tostring/en.html': template('Text'),
    });
    const snapshot = await journeyLibrary(dir).sequence('drip');
    expect(Object.hasOwn(snapshot.templates, 'constructor')).toBe(true);
    expect(ownValue(snapshot.templates, 'constructor')?.en?.subject).toBe('Built');
  });
});
