import { template } from './journey-files.js';

/** A lead stage that sends two mails two seconds apart, any hour; targets for this month. */
export function insightJourneys(now: Date): Record<string, string> {
  const month = now.toISOString().slice(0, 7);
  return {
    'funnel.yaml': `sendWindow: { days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00", holidays: false }
stages:
  lead: { sequence: nurture }
  won: {}
`,
    'sequences/nurture.yaml': 'name: nurture\nsteps:\n  - { id: welcome, send: hello, window: any }\n  - wait: 2s\n  - { id: follow-up, send: second }\n',
    'templates/hello/en.html': template('Welcome aboard'),
    'templates/second/en.html': template('How is it going?'),
    'team.yaml': 'defaults: {}\nowners:\n  zhang.min: { name: 张敏, timezone: Asia/Shanghai, country: CN }\n',
    'targets.yaml': `currency: CNY\ntimezone: UTC\ntargets:\n  - { owner: zhang.min, period: "${month}", amount: 48000, customers: 4, conversion: 0.5 }\n`,
  };
}
