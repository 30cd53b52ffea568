import { dingtalkPayload } from '../../../src/notify/dingtalk/payload.js';
import { teamMailHtml } from '../../../src/notify/email/render.js';
import { feishuPayload } from '../../../src/notify/feishu/payload.js';
import type { TeamMessage } from '../../../src/notify/message.js';
import { slackPayload } from '../../../src/notify/slack/payload.js';
import { wecomPayload } from '../../../src/notify/wecom/payload.js';
import { chatWindow, esc, type ChatLook } from './frame.js';
import { renderDingtalk } from './render-dingtalk.js';
import { renderFeishu } from './render-feishu.js';
import { renderSlack } from './render-slack.js';
import { renderWecom } from './render-wecom.js';

const LOOKS: Record<'wecom' | 'dingtalk' | 'feishu' | 'slack', ChatLook> = {
  wecom: { app: '企业微信', accent: '#2b7de9', group: '华东销售群', bot: 'leadflow 机器人', background: '#f5f6f7' },
  dingtalk: { app: '钉钉', accent: '#1677ff', group: '客户成功群', bot: 'leadflow 机器人', background: '#f2f3f5' },
  feishu: { app: '飞书', accent: '#3370ff', group: '赢单播报', bot: 'leadflow', background: '#f5f6f7' },
  slack: { app: 'Slack', accent: '#4a154b', group: '#us-sales', bot: 'leadflow  APP', background: '#ffffff' },
};

/** Who each id in the samples is, as the clients would show the mention. */
function members(m: TeamMessage): Record<string, string> {
  const who = m.mention;
  if (!who) return {};
  return Object.fromEntries([who.wecom?.userid, who.wecom?.mobile, who.dingtalk?.userid, who.dingtalk?.mobile, who.feishu?.openId, who.slack?.memberId].filter((id): id is string => !!id).map((id) => [id, who.name]));
}

/**
 * A page that shows a message as its service's client would, drawn from the very payload leadflow
 * sends (the notifier's own payload function), so the picture cannot drift from the code.
 */
export function previewHtml(sample: { service: 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'email'; caption: string; message: TeamMessage }): string {
  const { message } = sample;
  const names = members(message);
  switch (sample.service) {
    case 'wecom':
      return chatWindow(LOOKS.wecom, renderWecom(wecomPayload(message), names), sample.caption);
    case 'dingtalk':
      return chatWindow(LOOKS.dingtalk, renderDingtalk(dingtalkPayload(message), names), sample.caption);
    case 'feishu':
      return chatWindow(LOOKS.feishu, renderFeishu(feishuPayload(message), names), sample.caption);
    case 'slack':
      return chatWindow(LOOKS.slack, renderSlack(slackPayload(message), names), sample.caption);
    case 'email':
      return `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#e9ecef;font-family:system-ui,'WenQuanYi Micro Hei','Noto Color Emoji',sans-serif">
        <div style="width:620px;margin:16px;background:#fff;border-radius:10px;box-shadow:0 2px 10px rgba(0,0,0,.15);overflow:hidden">
        <div style="padding:12px 16px;border-bottom:1px solid #ddd;font-size:13px;color:#57606a"><div><b style="color:#1f2329">${esc(message.title)}</b></div><div>From: leadflow &lt;noreply@leadflow.example&gt; · To: bob@example.com</div></div>
        <div style="padding:16px">${teamMailHtml(message)}</div><div style="color:#646a73;font-size:12px;padding:0 16px 12px">${esc(sample.caption)}</div></div></body></html>`;
  }
}
