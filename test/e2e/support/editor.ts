// What a person does in the Node-RED editor, as Playwright steps. Reads of the
// editor's state go through window.RED only to check what the screen shows.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const screenshotDir = path.resolve(__dirname, '..', '..', '..', 'test-output', 'e2e');

/** Waits (a few seconds at most) for pop-up notifications such as "Imported" to fade. */
export async function waitForNotificationsToFade(page: Page): Promise<void> {
  // A click closes an informational notification; those with buttons wait for an answer.
  await page
    .evaluate(() => {
      document.querySelectorAll<HTMLElement>('.red-ui-notification').forEach((el) => {
        if (!el.querySelector('button')) el.click();
      });
    })
    .catch(() => undefined);
  await page
    .waitForFunction(() => document.querySelectorAll('.red-ui-notification:not(.hide)').length === 0, undefined, { timeout: 8000 })
    .catch(() => undefined);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await waitForNotificationsToFade(page);
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForSelector('.red-ui-palette-node[data-palette-type="inject"]', { timeout: 60000 });
  await page.waitForSelector('#red-ui-loading-progress', { state: 'hidden', timeout: 30000 });
}

export async function paletteTypes(page: Page): Promise<string[]> {
  return page.$$eval('.red-ui-palette-node[data-palette-type]', (els) => els.map((el) => el.getAttribute('data-palette-type') ?? ''));
}

interface EditorNode {
  id: string;
  type: string;
  z: string;
  name?: string;
}

/** Nodes of the open editor (what the workspace and the config sidebar list). */
export async function editorNodes(page: Page): Promise<EditorNode[]> {
  return page.evaluate(() => {
    const RED = (
      window as unknown as {
        RED: { nodes: { eachNode(fn: (n: EditorNode) => void): void; eachConfig(fn: (n: EditorNode) => void): void } };
      }
    ).RED;
    const out: EditorNode[] = [];
    RED.nodes.eachNode((n) => {
      out.push({ id: n.id, type: n.type, z: n.z, name: n.name });
    });
    RED.nodes.eachConfig((n) => {
      out.push({ id: n.id, type: n.type, z: n.z, name: n.name });
    });
    return out;
  });
}

/** Whether the editor knows the node type (config nodes are not in the palette). */
export async function typeRegistered(page: Page, type: string): Promise<boolean> {
  return page.evaluate((t) => {
    const RED = (window as unknown as { RED: { nodes: { getType(t: string): unknown } } }).RED;
    return !!RED.nodes.getType(t);
  }, type);
}

/** Menu > Import > Examples > <module> > <example>, imported into a new flow tab. */
export async function importExample(page: Page, moduleName: string, exampleLabel: string): Promise<void> {
  await page.click('#red-ui-header-button-sidemenu');
  await page.click('#menu-item-import');
  await page.click('a[href="#red-ui-clipboard-dialog-import-tab-examples"]');
  const examples = page.locator('#red-ui-clipboard-dialog-import-tab-examples');
  const moduleLabel = examples.locator('.red-ui-treeList-label-text', { hasText: moduleName }).first();
  await moduleLabel.waitFor({ timeout: 10000 });
  const exampleItem = examples.locator('.red-ui-treeList-label-text').filter({ hasText: new RegExp(`^${escapeRegExp(exampleLabel)}$`) });
  // The module's branch may be collapsed, or still expanding (slow on a loaded
  // machine): click it open only while the example is not shown, and wait for it.
  for (let tries = 0; !(await exampleItem.first().isVisible()); tries += 1) {
    if (tries === 5) throw new Error(`example "${exampleLabel}" not shown under ${moduleName}`);
    await moduleLabel.click();
    await exampleItem
      .first()
      .waitFor({ state: 'visible', timeout: 3000 })
      .catch(() => undefined);
  }
  // Import is enabled once the editor has fetched the selected example's flow. A click that lands
  // while the tree is still redrawing selects nothing (one CI run waited 30 s on the ninth example),
  // so the example is clicked again while Import stays disabled.
  const importEnabled = page.locator('#red-ui-clipboard-dialog-ok:not(.ui-button-disabled)');
  for (let tries = 1; ; tries += 1) {
    await exampleItem.first().click();
    const enabled = await importEnabled
      .waitFor({ timeout: 10000 })
      .then(() => true)
      .catch(() => false);
    if (enabled) break;
    if (tries === 3) throw new Error(`Import stayed disabled after selecting example "${exampleLabel}" ${tries} times`);
    console.log(`      (example "${exampleLabel}" selected again: Import was still disabled after 10 s)`);
  }
  await page.click('#red-ui-clipboard-dialog-import-opt-new');
  await page.click('#red-ui-clipboard-dialog-ok');
  await page.waitForSelector('#red-ui-clipboard-dialog', { state: 'hidden', timeout: 10000 });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Shows the flow tab that holds the node. */
export async function showTab(page: Page, tabId: string): Promise<void> {
  await page.click(`#red-ui-workspace-tabs a[href="#${tabId}"]`);
}

/** Double-clicks the node in the workspace and waits for its edit tray. */
export async function openEditDialog(page: Page, node: EditorNode): Promise<void> {
  await showTab(page, node.z);
  await page.evaluate((id) => {
    const RED = (window as unknown as { RED: { view: { reveal(id: string): void } } }).RED;
    RED.view.reveal(id);
  }, node.id);
  await page.locator(`g.red-ui-flow-node-group[id="${node.id}"] rect.red-ui-flow-node`).dblclick();
  await page.waitForSelector('.red-ui-tray #node-dialog-ok', { timeout: 10000 });
  await page.waitForTimeout(500);
}

/** Cancels the topmost edit tray (a config node's tray sits on top of its user's). */
export async function cancelEditDialog(page: Page): Promise<void> {
  const configTray = (await page.locator('#node-config-dialog-ok').count()) > 0;
  const okButton = configTray ? '#node-config-dialog-ok' : '#node-dialog-ok';
  await page.locator('.red-ui-tray').last().getByRole('button', { name: 'Cancel' }).click();
  await page.waitForSelector(okButton, { state: 'detached', timeout: 10000 });
  await page.waitForTimeout(300);
}

/** Clicks Deploy and confirms the warnings dialog (unused or invalid nodes) if it appears. */
export async function deploy(page: Page): Promise<void> {
  await page.click('#red-ui-header-button-deploy');
  const confirm = page.locator('.red-ui-notification button', { hasText: /Confirm deploy/i });
  const deployed = page.locator('.red-ui-notification', { hasText: /Successfully deployed/i });
  const first = await Promise.race([
    confirm.waitFor({ timeout: 15000 }).then(
      () => 'confirm',
      () => 'none',
    ),
    deployed.waitFor({ timeout: 15000 }).then(
      () => 'deployed',
      () => 'none',
    ),
  ]);
  if (first === 'confirm') await confirm.click();
  await deployed.waitFor({ timeout: 30000 });
}

export async function openDebugSidebar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const RED = (window as unknown as { RED: { sidebar: { show(tab: string): void } } }).RED;
    RED.sidebar.show('debug');
  });
  await page.waitForSelector('.red-ui-debug-content', { timeout: 10000 });
}

/** The text of each message in the debug sidebar, oldest first. */
export async function debugMessages(page: Page): Promise<string[]> {
  return page.$$eval('.red-ui-debug-msg', (els) => els.map((el) => (el as HTMLElement).innerText));
}

/** The status text shown under the node in the workspace. */
export async function nodeStatus(page: Page, nodeId: string): Promise<string> {
  const label = page.locator(`g.red-ui-flow-node-group[id="${nodeId}"] .red-ui-flow-node-status-label`);
  return (await label.count()) > 0 ? ((await label.textContent()) ?? '') : '';
}
