// The transcriber's model choice in the real editor (headless Chromium): the
// list and the default come from the build, the dialog says what the chosen
// family offers, warns about set options that do not apply to it, and a node
// that saved no model shows the model it runs and saves it on Done.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { EDITOR_SPEECH_MODELS, UNSAVED_SPEECH_MODEL } from '../../src/config/model-fields';
import { useEditorPage } from './support/editor-page';
import { cancelEditDialog, screenshot } from './support/editor';

type Red = {
  view: { importNodes(nodes: unknown[], options?: Record<string, unknown>): void };
  nodes: { node(id: string): Record<string, unknown> | null; getType(type: string): { defaults: Record<string, { value: unknown }> } };
  editor: { edit(node: unknown): void };
};

const FLOW = [
  { id: 'model-tab', type: 'tab', label: 'models' },
  { id: 'model-acc', type: 'assemblyai-account', name: 'sim', region: 'custom', customUrl: 'ws://127.0.0.1:9/v3/ws' },
  // Saved by hand without a model, with a U3-only prompt.
  {
    id: 'no-model',
    type: 'assemblyai-transcriber',
    z: 'model-tab',
    account: 'model-acc',
    prompt: 'names of rooms',
    x: 200,
    y: 80,
    wires: [[], []],
  },
  // U3 with a Universal-Streaming-only option set.
  {
    id: 'u3-model',
    type: 'assemblyai-transcriber',
    z: 'model-tab',
    account: 'model-acc',
    speechModel: 'universal-3-5-pro',
    formatTurns: 'true',
    x: 200,
    y: 160,
    wires: [[], []],
  },
];

async function openDialog(page: Page, id: string): Promise<void> {
  await page.evaluate((nodeId) => {
    const RED = (window as unknown as { RED: Red }).RED;
    RED.editor.edit(RED.nodes.node(nodeId));
  }, id);
  await page.waitForSelector('.red-ui-tray #node-dialog-ok', { timeout: 10000 });
  await page.waitForFunction(() => (document.querySelector('#assemblyai-transcriber-model-family')?.textContent ?? '') !== '', undefined, {
    timeout: 10000,
  });
}

async function visibleText(page: Page, selector: string): Promise<string> {
  const element = page.locator(selector);
  return (await element.isVisible()) ? ((await element.textContent()) ?? '').trim() : '';
}

describe('transcriber model choice in the editor (headless Chromium)', function () {
  this.timeout(180000);
  const editor = useEditorPage();
  let page: Page;

  before(async function () {
    page = editor.page;
    await page.evaluate((flow) => (window as unknown as { RED: Red }).RED.view.importNodes(flow, { generateIds: false }), FLOW);
    await page.mouse.click(300, 200);
  });

  it("offers the shared model list with universal-3-5-pro as a new node's default", async function () {
    const defaults = await page.evaluate(
      () => (window as unknown as { RED: Red }).RED.nodes.getType('assemblyai-transcriber').defaults.speechModel.value,
    );
    assert.equal(defaults, 'universal-3-5-pro');
    await openDialog(page, 'u3-model');
    const options = await page
      .locator('#node-input-speechModel-select option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    assert.deepEqual(options, [...EDITOR_SPEECH_MODELS, '_other']);
    await cancelEditDialog(page);
  });

  it('explains the family and warns about a set option the chosen model ignores, live as the model changes', async function () {
    await openDialog(page, 'u3-model');
    assert.match(await visibleText(page, '#assemblyai-transcriber-model-family'), /^Universal-3: .*prompt, key terms/);
    assert.match(
      await visibleText(page, '#assemblyai-transcriber-model-warning'),
      /^Not used with universal-3-5-pro, so not sent: Format turns\.$/,
    );
    await screenshot(page, 'model-01-u3-with-format-turns');
    await page.selectOption('#node-input-speechModel-select', 'universal-streaming-english');
    assert.match(await visibleText(page, '#assemblyai-transcriber-model-family'), /^Universal-Streaming: English or multilingual/);
    assert.equal(await visibleText(page, '#assemblyai-transcriber-model-warning'), '');
    assert.ok(await page.locator('#node-input-formatTurns').isVisible(), 'format turns hidden for Universal-Streaming');
    assert.ok(!(await page.locator('#node-input-mode').isVisible()), 'mode shown for Universal-Streaming');
    await cancelEditDialog(page);
  });

  it('shows a node without a saved model as running universal-streaming-english, warns about its prompt, and Done saves the model', async function () {
    await openDialog(page, 'no-model');
    assert.equal(await page.locator('#node-input-speechModel-select').inputValue(), UNSAVED_SPEECH_MODEL);
    assert.match(await visibleText(page, '.assemblyai-transcriber-model-unsaved'), /saved no model/);
    assert.match(
      await visibleText(page, '#assemblyai-transcriber-model-warning'),
      /^Not used with universal-streaming-english, so not sent: Prompt\.$/,
    );
    assert.ok(await page.locator('#node-input-prompt').isVisible(), 'a set prompt stays visible so it can be cleared');
    await screenshot(page, 'model-02-unsaved-model');
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-dialog-ok', { state: 'detached', timeout: 10000 });
    const saved = await page.evaluate(() => (window as unknown as { RED: Red }).RED.nodes.node('no-model')?.speechModel);
    assert.equal(saved, UNSAVED_SPEECH_MODEL);
  });
});
