import { html } from 'hono/html';
import { scaleOf, type SurveyKind } from '../domain/survey.js';
import { page, type PageLocale } from './pages.js';

const TEXT = {
  en: {
    title: 'How did we do?',
    question: { nps: 'How likely are you to recommend us to a friend or colleague?', csat: 'How satisfied are you with your purchase?' },
    ends: { nps: ['Not at all likely', 'Extremely likely'], csat: ['Very unsatisfied', 'Very satisfied'] },
    comment: 'Anything you would like to tell us? (optional)',
    button: 'Send my answer',
    thanks: 'Thank you!',
    thanksText: (score: number) => `We have your answer (${score}). If you change your mind, open the link in the e-mail again.`,
    bad: 'Please choose a score',
  },
  zh: {
    title: '您对我们满意吗？',
    question: { nps: '您有多大可能向朋友或同事推荐我们？', csat: '您对本次购买的满意程度如何？' },
    ends: { nps: ['完全不可能', '非常可能'], csat: ['非常不满意', '非常满意'] },
    comment: '还有什么想告诉我们的吗？（选填）',
    button: '提交评价',
    thanks: '感谢您的反馈！',
    thanksText: (score: number) => `您的评分（${score}）已记录。如需修改，可再次打开邮件中的链接。`,
    bad: '请选择一个分数',
  },
};

const STYLE = html`<style>fieldset{border:0;padding:0;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.4rem}label.score{display:inline-block}label.score input{position:absolute;opacity:0}label.score span{display:inline-block;min-width:2.2rem;padding:.5rem 0;text-align:center;border:1px solid #999;border-radius:6px}label.score input:checked+span{background:#1a56db;color:#fff;border-color:#1a56db}label.score input:focus-visible+span{outline:2px solid #1a56db}.ends{display:flex;justify-content:space-between;font-size:.85rem;color:#555}textarea{width:100%;min-height:6rem;font:inherit}</style>`;

/**
 * The survey page a score link opens: the score chosen, a comment box and one button. Opening it
 * records nothing: link scanners open every URL in a mail, and some run scripts, so the answer is
 * recorded only when a person presses the button (a POST).
 */
export function surveyPage(locale: PageLocale, kind: SurveyKind, chosen: number | undefined, action: string, problem?: string) {
  const t = TEXT[locale];
  const scores = scaleOf(kind).map(
    (score) => html`<label class="score"><input type="radio" name="score" value="${score}" ${score === chosen ? 'checked' : ''} required><span>${score}</span></label>`,
  );
  return page(
    locale,
    t.title,
    html`${STYLE}<h1>${t.title}</h1>${problem ? html`<p role="alert"><strong>${problem}</strong></p>` : ''}<form method="post" action="${action}"><p>${t.question[kind]}</p><fieldset>${scores}</fieldset><div class="ends"><span>${t.ends[kind][0]}</span><span>${t.ends[kind][1]}</span></div><p><label>${t.comment}<br><textarea name="comment" maxlength="2000"></textarea></label></p><button type="submit">${t.button}</button></form>`,
  );
}

export function surveyThanksPage(locale: PageLocale, score: number) {
  const t = TEXT[locale];
  return page(locale, t.thanks, html`<h1>${t.thanks}</h1><p>${t.thanksText(score)}</p>`);
}

/** The words of a page that asks for a score again. */
export const chooseScore = (locale: PageLocale) => TEXT[locale].bad;
