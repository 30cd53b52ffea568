import { describe, expect, it } from 'vitest';
import { TEAM_MESSAGES, MOMENTS } from '../domain/alert-rules.js';
import type { TeamMessage } from './message.js';
import { truncateBytes } from './shared/bytes.js';
import { dingtalkPayload, DINGTALK_BODY_BYTES } from './dingtalk/payload.js';
import { feishuPayload, FEISHU_BODY_BYTES } from './feishu/payload.js';
import { slackPayload } from './slack/payload.js';
import { wecomPayload, WECOM_MARKDOWN_BYTES } from './wecom/payload.js';

const alert = (o: Partial<TeamMessage> = {}): TeamMessage => ({
  kind: MOMENTS.stale,
  locale: 'zh-CN',
  tone: 'warning',
  title: '⏰ 商机停滞：李伟（华信科技）',
  text: '李伟（华信科技） 在「谈判中」阶段已 10 天没有任何动静',
  why: '「谈判中」阶段的停滞提醒',
  fields: [{ label: '阶段', value: '谈判中' }],
  sections: [],
  links: [{ label: '在看板中查看', url: 'https://leadflow.example/dashboard/leads/crm-1' }],
  mention: { name: '张敏', wecom: { userid: 'ZhangMin' }, dingtalk: { mobile: '13800000000' }, feishu: { openId: 'ou_abcd1234' }, slack: { memberId: 'U024BE7LH' } },
  moreLabel: '还有 {n} 条',
  ...o,
});

/** A digest of 3 sections × 60 entries of Chinese text: far over every service's limit. */
const huge = (): TeamMessage =>
  alert({
    kind: TEAM_MESSAGES.digest,
    sections: ['今日跟进', '已逾期', '停滞商机'].map((title) => ({ title, more: 0, items: Array.from({ length: 60 }, (_, i) => ({ text: `客户${i}（某某科技有限公司） · 跟进报价与合同细节，确认付款条款 · 09:00`, url: `https://leadflow.example/dashboard/leads/crm-${i}` })) })),
  });
const bytes = (v: unknown) => Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v));

describe('what each service is sent', () => {
  it('cuts by UTF-8 bytes, never inside a character', () => {
    expect(truncateBytes('张敏张敏', 7)).toBe('张…');
    expect(Buffer.byteLength(truncateBytes('🎉🎉🎉', 9))).toBeLessThanOrEqual(9);
    expect(truncateBytes('🎉🎉🎉', 9)).toBe('🎉…');
  });

  it('WeCom: markdown with <@userid>; text with mentioned_mobile_list for a mobile; a template card when nobody is mentioned', () => {
    const md = wecomPayload(alert());
    expect(md.msgtype).toBe('markdown');
    expect(md.msgtype === 'markdown' && md.markdown.content).toContain('<@ZhangMin>');
    const text = wecomPayload(alert({ mention: { name: '张敏', wecom: { mobile: '13800000000' } } }));
    expect(text).toMatchObject({ msgtype: 'text', text: { mentioned_mobile_list: ['13800000000'] } });
    const card = wecomPayload(alert({ mention: undefined }));
    expect(card).toMatchObject({ msgtype: 'template_card', template_card: { card_type: 'text_notice', card_action: { type: 1, url: 'https://leadflow.example/dashboard/leads/crm-1' } } });
    expect(Array.from((card as unknown as { template_card: { main_title: { title: string } } }).template_card.main_title.title).length).toBeLessThanOrEqual(26);
  });

  it('a name from a CRM cannot mention everyone, link or colour anything', () => {
    const hostile = alert({ title: '<@all> [x](http://evil) **b** <font color="warning">', text: '<at id=all></at> <!channel> @all' });
    const wecom = wecomPayload(hostile);
    const content = wecom.msgtype === 'markdown' ? wecom.markdown.content : '';
    expect(content).not.toContain('<@all>');
    expect(content).not.toContain('](http://evil)');
    expect((content.match(/<@/g) ?? []).length).toBe(1);
    expect(JSON.stringify(feishuPayload(hostile))).not.toContain('<at id=all>');
    expect(JSON.stringify(slackPayload(hostile))).not.toContain('<!channel>');
    const ding = dingtalkPayload(hostile);
    expect(ding.msgtype === 'markdown' && ding.at).toEqual({ atMobiles: ['13800000000'], atUserIds: [], isAtAll: false });
  });

  it('DingTalk: the @ is in `at` and in the text (or it does not notify); an actionCard with buttons when nobody is mentioned', () => {
    const md = dingtalkPayload(alert());
    expect(md.msgtype === 'markdown' && md.markdown.text).toContain('@13800000000');
    expect(dingtalkPayload(alert({ mention: undefined }))).toMatchObject({ msgtype: 'actionCard', actionCard: { btns: [{ title: '在看板中查看', actionURL: 'https://leadflow.example/dashboard/leads/crm-1' }] } });
    const keyword = dingtalkPayload(alert({ keyword: '销售' }));
    expect(keyword.msgtype === 'markdown' && keyword.markdown.title).toContain('销售');
  });

  it('Feishu: an interactive card at the top level, the owner as <at id=open_id>', () => {
    const body = feishuPayload(alert());
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header).toMatchObject({ template: 'orange', title: { content: '⏰ 商机停滞：李伟（华信科技）' } });
    expect(JSON.stringify(body.card)).toContain('<at id=ou_abcd1234></at>');
  });

  it('Slack: Block Kit with a header, the owner as <@U…>, the link as a button', () => {
    const body = slackPayload(alert({ locale: 'en', title: 'Gone quiet: Ann & <Co>' }));
    expect(body.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(body.blocks)).toContain('<@U024BE7LH>');
    expect(body.text).toContain('Gone quiet: Ann &amp; &lt;Co&gt;');
    expect(body.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: 'https://leadflow.example/dashboard/leads/crm-1' }] });
  });

  it('a message over a service’s limit is shortened to fit, the entries left out counted', () => {
    const wecom = wecomPayload(huge());
    expect(wecom.msgtype).toBe('markdown');
    const content = wecom.msgtype === 'markdown' ? wecom.markdown.content : '';
    expect(bytes(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_BYTES);
    expect(bytes(content)).toBeGreaterThan(WECOM_MARKDOWN_BYTES - 400);
    expect(content).toMatch(/还有 \d+ 条/);
    expect(bytes(dingtalkPayload(huge()))).toBeLessThanOrEqual(DINGTALK_BODY_BYTES);
    expect(bytes(feishuPayload(huge()))).toBeLessThanOrEqual(FEISHU_BODY_BYTES - 100);
    const slack = slackPayload(huge());
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    for (const b of slack.blocks) expect(Array.from((b as { text?: { text?: string } }).text?.text ?? '').length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(slack)).toMatch(/还有 \d+ 条/);
  });
});
