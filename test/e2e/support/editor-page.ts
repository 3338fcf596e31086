// One editor page for a describe block: the demo stack (Node-RED + simulator),
// headless Chromium on the editor, and a check after each test that the page
// threw nothing. Skips the block, saying why, when there is no Chromium.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { findChromium, launchChromium, type Browser } from './chromium';
import { startDemoStack, type DemoStack } from './demo-stack';
import { openEditor } from './editor';

export interface EditorPage {
  readonly page: Page;
  readonly stack: DemoStack;
}

/** Registers the block's hooks; read page and stack from the result inside tests and later hooks. */
export function useEditorPage(): EditorPage {
  const chromiumPath = findChromium();
  let stack: DemoStack | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];

  before(async function () {
    if (!chromiumPath) {
      console.log('    skipped: no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)');
      this.skip();
    }
    stack = await startDemoStack();
    browser = await launchChromium(chromiumPath);
    const opened = browser.context.pages()[0] ?? (await browser.context.newPage());
    opened.on('pageerror', (err) => pageErrors.push(err.message));
    await openEditor(opened, stack.url);
    page = opened;
  });

  after(async function () {
    if (browser) await browser.close();
    if (stack) await stack.stop();
  });

  afterEach(function () {
    const errors = pageErrors.splice(0, pageErrors.length);
    assert.deepEqual(errors, [], 'the editor page threw');
  });

  return {
    get page() {
      if (!page) throw new Error('the editor page is not open (before hook failed or skipped)');
      return page;
    },
    get stack() {
      if (!stack) throw new Error('the demo stack is not running');
      return stack;
    },
  };
}
