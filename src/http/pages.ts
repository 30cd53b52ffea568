import { html } from 'hono/html';

/** The few pages a customer sees, in English and Chinese. */
const TEXT = {
  en: {
    title: 'Unsubscribe',
    ask: (a: string) => `Stop marketing e-mail to ${a}?`,
    button: 'Unsubscribe',
    done: 'You are unsubscribed',
    doneText: (a: string) => `We will not send marketing e-mail to ${a} again. Messages you ask for, such as a quote, still reach you.`,
    invalid: 'This link is not valid',
    invalidText: 'The link may have been cut off. Copy the whole link from the e-mail, or reply to the e-mail and ask us to stop.',
  },
  zh: {
    title: '退订',
    ask: (a: string) => `不再向 ${a} 发送营销邮件？`,
    button: '确认退订',
    done: '您已成功退订',
    doneText: (a: string) => `我们不会再向 ${a} 发送营销邮件。您主动索取的邮件（如报价单）仍会正常送达。`,
    invalid: '链接无效',
    invalidText: '链接可能不完整。请从邮件中复制完整链接，或直接回复邮件告诉我们停止发送。',
  },
};

export type PageLocale = keyof typeof TEXT;

export function pageLocale(tokenLocale: string | undefined, acceptLanguage: string | undefined): PageLocale {
  const wanted = (tokenLocale ?? acceptLanguage ?? 'en').toLowerCase();
  return wanted.startsWith('zh') ? 'zh' : 'en';
}

/** `an***@example.com`: enough to recognise, not enough to harvest. */
export function maskAddress(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 2)}***@${domain}`;
}

/** The frame every customer page shares: language, viewport, one small stylesheet. */
export function page(locale: PageLocale, title: string, body: unknown) {
  return html`<!doctype html><html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.6 system-ui,'PingFang SC','Microsoft YaHei',sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:6px;background:#1a56db;color:#fff;cursor:pointer}</style>
</head><body>${body}</body></html>`;
}

export function unsubscribeAskPage(locale: PageLocale, address: string, action: string) {
  const t = TEXT[locale];
  return page(locale, t.title, html`<h1>${t.title}</h1><p>${t.ask(maskAddress(address))}</p><form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t.button}</button></form>`);
}

export function unsubscribedPage(locale: PageLocale, address: string) {
  const t = TEXT[locale];
  return page(locale, t.done, html`<h1>${t.done}</h1><p>${t.doneText(maskAddress(address))}</p>`);
}

export function invalidLinkPage(locale: PageLocale) {
  const t = TEXT[locale];
  return page(locale, t.invalid, html`<h1>${t.invalid}</h1><p>${t.invalidText}</p>`);
}
