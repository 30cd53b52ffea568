import { writeJourneys } from './journey-files.js';

/**
 * A small funnel for mail tests: `hello` at once, `second` after `gap`. The layout carries the
 * visible unsubscribe link; templates exist in English and Chinese.
 */
export function mailJourneys(gap = '2s', extra: Record<string, string> = {}): Promise<string> {
  return writeJourneys({
    'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n',
    'sequences/drip.yaml': `name: drip\nsubjectPrefix:\n  zh-CN: 「广告」\nsteps:\n  - send: hello\n    window: any\n  - wait: ${gap}\n  - send: second\n    window: any\n`,
    'templates/_layouts/default/en.html': '<div>{{ content | raw }}<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></div>\n',
    'templates/_layouts/default/zh-CN.html': '<div>{{ content | raw }}<p><a href="{{ unsubscribe_url }}">退订</a></p></div>\n',
    'templates/hello/en.html': '---\nsubject: "Hello {{ lead.first_name }}"\n---\n<p>Hi {{ lead.first_name }}, read <a href="https://example.com/guide?x=1&amp;y=2">the guide</a>.</p>\n',
    'templates/hello/zh-CN.html': '---\nsubject: "{{ lead.name }}，您好"\n---\n<p>{{ lead.name }}，您好！请阅读<a href="https://example.com/guide">指南</a>。</p>\n',
    'templates/second/en.html': '---\nsubject: "Second"\n---\n<p>Second mail.</p>\n',
    'templates/second/zh-CN.html': '---\nsubject: "第二封"\n---\n<p>第二封邮件。</p>\n',
    ...extra,
  });
}
