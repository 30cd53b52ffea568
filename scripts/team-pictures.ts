// Draws the README's pictures of team messages (docs/team/*.png): every sample message, rendered from
// the payload leadflow really sends, as its chat client shows it, in Debian's Chromium.
// Run: npx tsx scripts/team-pictures.ts   (needs chromium, fonts-wqy-microhei, fonts-noto-color-emoji)
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, pageIn } from '../test/helpers/browser.js';
import { previewHtml } from '../test/browser/chat-preview/render.js';
import { sampleMessages } from '../test/browser/chat-preview/samples.js';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';

const out = join(PROJECT_ROOT, 'docs', 'team');
await mkdir(out, { recursive: true });
const browser = await launchChromium();
try {
  for (const sample of sampleMessages()) {
    const page = await pageIn(browser, sample.message.locale);
    await page.setViewportSize({ width: 640, height: 400 });
    await page.setContent(previewHtml(sample));
    await page.locator('body > div').first().screenshot({ path: join(out, `${sample.name}.png`) });
    await page.context().close();
    process.stdout.write(`docs/team/${sample.name}.png\n`);
  }
} finally {
  await browser.close();
}
