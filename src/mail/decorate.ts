import * as cheerio from 'cheerio';

export interface Decoration {
  unsubscribeUrl: string;
  openPixelUrl?: string;
  clickUrl?: (url: string) => string;
  /** Links to leave as they are (besides the unsubscribe link). */
  keep?: (href: string) => boolean;
  /** The footer to add when the template forgot its unsubscribe link. */
  footer: (unsubscribeUrl: string) => string;
}

/**
 * Prepares marketing HTML for sending: web links go through the click redirect (never the
 * unsubscribe link), an open pixel is added, and a visible unsubscribe link is guaranteed.
 */
export function decorateMarketingHtml(html: string, d: Decoration): { html: string; addedFooter: boolean } {
  const $ = cheerio.load(html, null, false);
  if (d.clickUrl) {
    $('a[href]').each((_, el) => {
      const href = $(el).attr('href') ?? '';
      if (/^https?:\/\//i.test(href) && href !== d.unsubscribeUrl && !d.keep?.(href)) $(el).attr('href', d.clickUrl!(href));
    });
  }
  const hasUnsubscribe = $('a[href]').toArray().some((el) => $(el).attr('href') === d.unsubscribeUrl);
  if (!hasUnsubscribe) $.root().append(d.footer(d.unsubscribeUrl));
  if (d.openPixelUrl) $.root().append(`<img src="${d.openPixelUrl}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`);
  return { html: $.html(), addedFooter: !hasUnsubscribe };
}

const FOOTERS: Record<string, (url: string) => string> = {
  en: (url) => `<p class="leadflow-footer" style="font-size:12px;color:#666">You receive this because you asked us about our product. <a href="${url}">Unsubscribe</a> with one click.</p>`,
  zh: (url) => `<p class="leadflow-footer" style="font-size:12px;color:#666">您收到此邮件是因为您曾向我们咨询。如不想再收到此类邮件，请<a href="${url}">点此退订</a>。</p>`,
};

export function defaultFooter(locale: string): (url: string) => string {
  return FOOTERS[locale.split('-')[0]!.toLowerCase()] ?? FOOTERS.en!;
}
