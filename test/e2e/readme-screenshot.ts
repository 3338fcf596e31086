// Takes docs/images/demo-flow.png: the offline demo in the editor with turns in
// the debug sidebar, as the README shows it. Run by hand after UI changes:
//   npx tsx test/e2e/readme-screenshot.ts
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../scripts/demo/paths';
import { readDemoScript } from '../../scripts/demo/simulator';
import { findChromium, launchChromium } from './support/chromium';
import { startDemoStack } from './support/demo-stack';
import { debugMessages, openDebugSidebar, openEditor, waitForNotificationsToFade } from './support/editor';

async function main(): Promise<void> {
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('no Chromium at /usr/bin/chromium');
  const stack = await startDemoStack();
  const browser = await launchChromium(chromiumPath, { width: 1600, height: 720 });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await openEditor(page, stack.url);
    await openDebugSidebar(page);
    const sentences = readDemoScript();
    const last = sentences[sentences.length - 1];
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && !(await debugMessages(page)).some((m) => m.includes(last))) await page.waitForTimeout(500);
    if (!(await debugMessages(page)).some((m) => m.includes(last))) throw new Error(`no "${last}" in the debug sidebar within 60 s`);
    await page.waitForTimeout(1000);
    await waitForNotificationsToFade(page);
    const file = path.join(projectRoot, 'docs', 'images', 'demo-flow.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(projectRoot, file)}`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
