/**
 * Text from outside (a lead's name, a task title, a customer's comment) made inert in the
 * markdown dialects of WeCom, DingTalk and Feishu: no tag (`<@all>`, `<font>`, `<at id=all>`), no
 * link, no emphasis, no heading or quote can come from it. The replacements are the full-width
 * forms a Chinese reader sees as the same characters; line breaks become spaces.
 */
export function inertMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    .replace(/\[/g, '［')
    .replace(/]/g, '］')
    .replace(/\*/g, '＊')
    .replace(/_/g, '＿')
    .replace(/\u0060/g, 'ˋ')
    .replace(/#/g, '＃')
    .replace(/@/g, '＠')
    .replace(/~/g, '～');
}

/** An address safe inside `[label](url)`: no parenthesis or space can end it early. */
export const markdownUrl = (url: string) => url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));

/** `[label](url)` with the label made inert. */
export const markdownLink = (label: string, url: string) => `[${inertMarkdown(label)}](${markdownUrl(url)})`;
