import { describe, expect, it } from 'vitest';
import { pickLocale, renderMail } from './render.js';

describe('rendering', () => {
  it('picks the closest locale and falls back to en', () => {
    expect(pickLocale(['en', 'zh-CN'], 'zh-CN')).toBe('zh-CN');
    expect(pickLocale(['en', 'zh-CN'], 'zh')).toBe('zh-CN');
    expect(pickLocale(['en', 'zh-CN'], 'zh-Hans-CN')).toBe('zh-CN');
    expect(pickLocale(['en', 'zh-CN'], 'de-DE')).toBe('en');
    expect(pickLocale(['en', 'zh-CN'], undefined)).toBe('en');
  });

  it('escapes lead data in HTML, not in the subject or text, and prefixes the subject', async () => {
    const mail = await renderMail(
      { subject: 'Hi {{ lead.name }}', html: '<p>Hi {{ lead.name }}, {{ attributes.company | default: "your team" }}</p>' },
      { lead: { name: 'Tom & <b>Jerry</b>' }, attributes: {} },
      { locale: 'en', subjectPrefix: '「广告」' },
    );
    expect(mail.subject).toBe('「广告」Hi Tom & <b>Jerry</b>');
    expect(mail.html).toBe('<p>Hi Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;, your team</p>');
    expect(mail.text).toBe('Hi Tom & <b>Jerry</b>, your team');
  });

  it('wraps the HTML in the locale’s layout, renders partials, and derives the text from the result', async () => {
    const shared = {
      layouts: { default: { en: '<main>{{ content | raw }}{% render "footer", lead: lead %}</main>', 'zh-CN': '<main>{{ content | raw }}{% include "footer" %}</main>' } },
      partials: { footer: { en: '<p>Bye {{ lead.name }}</p>', 'zh-CN': '<p>再见</p>' } },
    };
    const source = { subject: 'Hi', html: '<p>Body</p>' };
    const en = await renderMail(source, { lead: { name: 'Ann' } }, { locale: 'en', shared });
    expect(en.html).toBe('<main><p>Body</p><p>Bye Ann</p></main>');
    expect(en.text).toBe('Body\n\nBye Ann');
    expect((await renderMail(source, { lead: {} }, { locale: 'zh-CN', shared })).html).toBe('<main><p>Body</p><p>再见</p></main>');
    expect((await renderMail({ ...source, layout: false }, {}, { locale: 'en', shared })).html).toBe('<p>Body</p>');
  });

  it('keeps control characters of lead data out of the subject', async () => {
    const mail = await renderMail({ subject: 'Hi {{ lead.name }}', html: '<p>Hi</p>' }, { lead: { name: 'Ann\u0000Lee\u0007\r\nBcc: x@evil.example' } });
    expect(mail.subject).toBe('Hi AnnLee Bcc: x@evil.example');
  });
});
