// The newcomer's path through the real editor in headless Chromium: the
// package's nodes in the palette, every example imported through
// Import > Examples, each node's edit dialog, a deploy, and the demo's turns
// in the debug sidebar. Screenshots go to test-output/e2e/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { examplesDir, packageName, projectRoot } from '../../scripts/demo/paths';
import { readDemoScript } from '../../scripts/demo/simulator';
import { useEditorPage } from './support/editor-page';
import {
  cancelEditDialog,
  debugMessages,
  deploy,
  editorNodes,
  importExample,
  nodeStatus,
  openDebugSidebar,
  openEditDialog,
  paletteTypes,
  screenshot,
  typeRegistered,
} from './support/editor';

const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  'node-red': { nodes: Record<string, string> };
};
const ourTypes = Object.keys(manifest['node-red'].nodes);
const configTypes = ['assemblyai-account'];
const exampleFiles = fs.existsSync(examplesDir)
  ? fs
      .readdirSync(examplesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe('editor end to end (headless Chromium)', function () {
  this.timeout(240000);
  const editor = useEditorPage();
  let page: Page;

  before(function () {
    page = editor.page;
  });

  it('lists the package nodes in the palette, and the account as a config node type', async function () {
    await screenshot(page, '01-editor-demo-flow');
    const palette = await paletteTypes(page);
    for (const type of ourTypes.filter((t) => !configTypes.includes(t))) {
      assert.ok(palette.includes(type), `${type} is not in the palette`);
    }
    for (const type of configTypes) assert.ok(await typeRegistered(page, type), `${type} is not registered`);
    const paletteNode = page.locator('.red-ui-palette-node[data-palette-type="assemblyai-transcriber"]');
    await paletteNode.scrollIntoViewIfNeeded();
    await screenshot(page, '02-palette');
  });

  it('imports every example through Import > Examples', async function () {
    assert.ok(exampleFiles.length > 0, 'no examples/*.json');
    for (const file of exampleFiles) {
      const before = (await editorNodes(page)).length;
      const expected = (JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) as unknown[]).length;
      await importExample(page, packageName, file.replace(/\.json$/, ''));
      // The editor adds the nodes just after the dialog closes.
      let after = before;
      for (let tries = 0; tries < 50 && after - before < expected; tries += 1) {
        await page.waitForTimeout(200);
        after = (await editorNodes(page)).length;
      }
      // A new flow tab is not a node; every node of the file is.
      assert.ok(after - before >= expected, `${file}: ${after - before} nodes imported, the file has ${expected}`);
      // Imported nodes follow the mouse until a click drops them: drop them at the top left.
      await page.mouse.move(230, 120);
      await page.mouse.click(230, 120);
      await screenshot(page, `03-example-${file.replace(/\.json$/, '')}`);
    }
    const types = new Set((await editorNodes(page)).map((n) => n.type));
    for (const type of ourTypes) assert.ok(types.has(type), `no example uses ${type}`);
  });

  it('opens the edit dialog of each package node', async function () {
    const nodes = await editorNodes(page);
    for (const type of ourTypes.filter((t) => !configTypes.includes(t))) {
      const node = nodes.find((n) => n.type === type);
      assert.ok(node, `no ${type} in the workspace`);
      await openEditDialog(page, node);
      await screenshot(page, `04-edit-${type}`);
      if (type === 'assemblyai-transcriber') {
        // The account is edited from its user's dialog: the pencil beside the select.
        await page.click('#node-input-btn-account-edit, #node-input-lookup-account');
        await page.waitForSelector('.red-ui-tray #node-config-dialog-ok', { timeout: 10000 });
        await page.waitForTimeout(500);
        await screenshot(page, '04-edit-assemblyai-account');
        await cancelEditDialog(page);
      }
      await cancelEditDialog(page);
    }
  });

  it('deploys, and the demo shows the transcriber status and its turns in the debug sidebar', async function () {
    await deploy(page);
    await page.click('#red-ui-workspace-tabs a[href="#demo-sim-tab"]');
    await openDebugSidebar(page);
    const firstSentence = readDemoScript()[0];
    // Each play of the sample is one session (auto policy, 5 s idle): within one
    // 25 s period a new session begins and its turns arrive.
    const seen = (messages: string[]) => messages.some((m) => m.includes(firstSentence)) && messages.some((m) => /"begin"/.test(m));
    const deadline = Date.now() + 90000;
    let messages: string[] = [];
    while (Date.now() < deadline) {
      messages = await debugMessages(page);
      if (seen(messages)) break;
      await page.waitForTimeout(1000);
    }
    await screenshot(page, '05-demo-turns-in-debug-sidebar');
    assert.ok(
      messages.some((m) => m.includes(firstSentence)),
      `no "${firstSentence}" in the debug sidebar:\n${messages.join('\n---\n')}`,
    );
    assert.ok(
      messages.some((m) => /"begin"/.test(m)),
      `no session begin event in the debug sidebar:\n${messages.join('\n---\n')}`,
    );
    assert.notEqual(await nodeStatus(page, 'demo-sim-transcriber'), '', 'the transcriber shows no status');
    assert.ok(editor.stack.simulator.stats().finalTurnsSent > 0);
  });
});
