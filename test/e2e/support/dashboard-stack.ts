// The Dashboard 2 end-to-end setup, shared by the dashboard e2e tests: a user
// directory laid out as the palette manager leaves it (dashboard, main package
// and widget package), example 06 on the simulator, the editor's comms (debug
// and node status), and Chromium with a spoken WAV (espeak-ng) as its microphone.
// Optionally over https with a self-signed certificate for a LAN name, as a
// phone reaches Node-RED.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { findFreePort, startNodeRed, type RunningNodeRed } from '../../../scripts/demo/node-red-process';
import { readDemoScript } from '../../../scripts/demo/simulator';
import { linkPackage, writeSettings } from '../../../scripts/demo/user-dir';
import { startSimulator, type ConnectionRecord, type Simulator } from '../../../src/sim';
import { makeSelfSignedCertificate, type Certificate } from '../../../src/sim/tls';
import { waitFor } from '../../nodes/support/wait';
import { frameText } from '../../sim/helpers';
import { CHROMIUM_ARGS, findChromium } from './chromium';
import { listenToDebug, type DebugListener } from './comms';

const repo = path.resolve(__dirname, '..', '..', '..');
const widgetsDir = path.join(repo, 'packages', 'node-red-dashboard-2-assemblyai');
const WIDGETS = '@livevoice/node-red-dashboard-2-assemblyai';
const DASHBOARD = '@flowfuse/node-red-dashboard';
/** The name a phone on the LAN would use; every browser here resolves it to 127.0.0.1, so nothing leaves loopback. */
export const LAN_NAME = 'voice.home';

export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  customUrl?: string;
  [key: string]: unknown;
}

export interface StatusListener {
  /** The latest status text per node id. */
  statuses: Map<string, string>;
  close(): void;
}

export interface DashboardStackOptions {
  /** Nodes added to example 06 (e.g. inject nodes wired to the microphone widget). */
  extraNodes?: (flow: FlowNode[]) => FlowNode[];
  /** Keep each audio frame's arrival time at the simulator (ConnectionRecord.audioArrivals). */
  recordArrivals?: boolean;
  /** Every session reads the script from its start and starts over after its end. */
  loopScript?: boolean;
  /** Serve Node-RED over https only, with a self-signed certificate for LAN_NAME (and 127.0.0.1). */
  https?: boolean;
}

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the dashboard e2e tests cannot run here, or undefined when they can. */
export function dashboardSkipReason(): string | undefined {
  if (!findChromium()) return 'no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)';
  if (!hasEspeak()) return 'espeak-ng is not installed (apt-get install espeak-ng)';
  return undefined;
}

function link(userDir: string, name: string, target: string): void {
  const at = path.join(userDir, 'node_modules', ...name.split('/'));
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at, 'dir');
}

/** Collects node statuses from the editor's comms, as the editor shows them. */
function listenToStatus(url: string, ca?: string): Promise<StatusListener> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/comms`, { ca });
  const statuses = new Map<string, string>();
  socket.on('error', () => undefined);
  socket.on('message', (data: Buffer) => {
    try {
      for (const item of JSON.parse(frameText(data)) as Array<{ topic?: string; data?: { text?: string } }>) {
        if (item.topic?.startsWith('status/')) statuses.set(item.topic.slice(7), String(item.data?.text ?? ''));
      }
    } catch {
      /* not ours */
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ subscribe: 'status/#' }));
      resolve({ statuses, close: () => socket.close() });
    });
    socket.once('error', reject);
  });
}

/** The base64 SHA-256 of a certificate's public key, as --ignore-certificate-errors-spki-list takes it. */
function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Skips the calling before() hook's suite, saying why, where Chromium, espeak-ng or the dashboard is missing. */
export function skipWithoutDashboard(context: Mocha.Context): void {
  const reason = dashboardSkipReason();
  if (!reason) return;
  console.log(`      skipped: ${reason}`);
  context.skip();
}

export const captionsText = (page: Page): Promise<string> => page.locator('[role="log"]').innerText();

/** Node-RED with the dashboard and example 06 on the simulator; start() it in before(), stop() it in after(). */
export class DashboardStack {
  readonly script = readDemoScript();
  readonly flow = JSON.parse(fs.readFileSync(path.join(repo, 'examples', '06-dashboard-voice.json'), 'utf8')) as FlowNode[];
  readonly micId = this.flow.find((n) => n.type === 'ui-assemblyai-microphone')!.id;
  private tmp?: string;
  private tls?: Certificate;
  private wav?: string;
  private sim?: Simulator;
  private red?: RunningNodeRed;
  private debugListener?: DebugListener;
  private statusListener?: StatusListener;
  private readonly browsers: Browser[] = [];

  get simulator(): Simulator {
    return this.sim!;
  }

  get nodeRed(): RunningNodeRed {
    return this.red!;
  }

  get debug(): DebugListener {
    return this.debugListener!;
  }

  get status(): StatusListener {
    return this.statusListener!;
  }

  get dashboardUrl(): string {
    return `${this.nodeRed.url}/dashboard/voice`;
  }

  /** The self-signed certificate Node-RED serves (https stacks only). */
  get certificate(): Certificate | undefined {
    return this.tls;
  }

  /** The dashboard page as a browser reaching Node-RED by `host` opens it. */
  dashboardUrlAt(host: string): string {
    const url = new URL(this.dashboardUrl);
    url.hostname = host;
    return url.href;
  }

  /** The microphone widget node's status text, as the editor shows it. */
  micStatus(): string {
    return this.status.statuses.get(this.micId) ?? '';
  }

  async start(options: DashboardStackOptions = {}): Promise<void> {
    for (const bundle of ['ui-assemblyai-microphone.umd.js', 'ui-assemblyai-captions.umd.js']) {
      assert.ok(fs.existsSync(path.join(widgetsDir, 'resources', bundle)), `run the build first: ${bundle} missing`);
    }
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dashboard-'));
    this.wav = path.join(this.tmp, 'speech.wav');
    execFileSync('espeak-ng', ['-s', '150', '-w', this.wav, `${this.script.join(' ')} `]);
    const userDir = path.join(this.tmp, 'user');
    fs.mkdirSync(userDir);
    linkPackage(userDir);
    link(userDir, DASHBOARD, path.dirname(require.resolve(`${DASHBOARD}/package.json`)));
    link(userDir, WIDGETS, widgetsDir);
    // as the palette manager leaves it: every installed package in dependencies
    fs.writeFileSync(
      path.join(userDir, 'package.json'),
      JSON.stringify({
        name: 'node-red-project',
        private: true,
        dependencies: { [DASHBOARD]: '1.31.0', '@livevoice/node-red-assemblyai': '0.1.0', [WIDGETS]: '0.1.0' },
      }),
    );
    this.sim = await startSimulator({
      port: 0,
      host: '127.0.0.1',
      keys: ['sim-e2e-key'],
      script: this.script,
      recordArrivals: options.recordArrivals === true,
    });
    if (options.loopScript) this.sim.setScript(this.script, { loop: true });
    const flow = [...this.flow, ...(options.extraNodes?.(this.flow) ?? [])];
    const account = flow.find((n) => n.type === 'assemblyai-account')!;
    account.customUrl = this.sim.url;
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow));
    fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify({ [account.id]: { apiKey: 'sim-e2e-key' } }));
    const port = await findFreePort();
    if (options.https) this.tls = await makeSelfSignedCertificate(LAN_NAME);
    const https = this.tls && { key: this.tls.keyPem, cert: this.tls.certPem };
    const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info', https });
    this.red = await startNodeRed({ userDir, settingsFile, port, env: {}, https: Boolean(https) });
    this.debugListener = await listenToDebug(this.red.url, this.tls?.certPem);
    this.statusListener = await listenToStatus(this.red.url, this.tls?.certPem);
  }

  /** Chromium whose microphone plays the spoken WAV; without a grant, getUserMedia is refused. */
  async launchBrowser(options: { grantMicrophone?: boolean } = {}): Promise<Browser> {
    const args = [
      ...CHROMIUM_ARGS,
      ...(options.grantMicrophone === false ? [] : ['--use-fake-ui-for-media-stream']),
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${this.wav}`,
      '--autoplay-policy=no-user-gesture-required',
      `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`,
      // The user's step of trusting the self-signed certificate: Chromium accepts exactly
      // this key's certificate (pinned by its SPKI hash). Playwright's ignoreHTTPSErrors or
      // --ignore-certificate-errors would accept any certificate at all, so a wrong one
      // would pass unnoticed. (The pin skips the name check too; the https test checks the
      // name with Node's TLS client.)
      ...(this.tls ? [`--ignore-certificate-errors-spki-list=${spkiHash(this.tls.certPem)}`] : []),
    ];
    const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args, timeout: 60000 });
    this.browsers.push(browser);
    return browser;
  }

  /** A new context on the dashboard page, once both widgets are there (the error says what the page showed). */
  async openPage(browser: Browser, url = this.dashboardUrl): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 900, height: 640 } });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    await page.goto(url);
    try {
      await page.getByRole('button', { name: 'Start microphone' }).waitFor({ timeout: 60000 });
      await page.locator('[role="log"]').waitFor({ timeout: 30000 });
    } catch (err) {
      const body = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 500);
      throw new Error(
        `${(err as Error).message}\npage: ${body}\nconsole:\n${consoleLines.join('\n')}\nnode-red:\n${this.red?.output().slice(-3000)}`,
        { cause: err },
      );
    }
    return page;
  }

  /** Presses Start; resolves with the session that got 2 s of 16 kHz audio in frames of 50 ms to 1 s. */
  async startSpeaking(page: Page): Promise<ConnectionRecord> {
    const before = this.simulator.connections().length;
    const spoken = () =>
      this.simulator
        .connections()
        .slice(before)
        .find((c) => c.samplesReceived >= 32000);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    await page.getByRole('button', { name: 'Stop microphone' }).waitFor({ timeout: 30000 });
    assert.equal(await page.getByRole('button', { name: 'Stop microphone' }).getAttribute('aria-pressed'), 'true');
    const record = await waitFor('2 s of audio at the simulator', spoken, 60000, 100);
    assert.equal(record.query.sample_rate, '16000');
    const msPerFrame = (record.samplesReceived / record.framesReceived / 16000) * 1000;
    assert.ok(msPerFrame >= 50 && msPerFrame <= 1000, `frames of ${msPerFrame} ms`);
    return record;
  }

  /** The first scripted turn shows in the page's captions and comes out of the turn filter; the node says 1 live. */
  async expectFirstTurn(page: Page): Promise<void> {
    await page.locator('[role="log"] .aai-caption-final').first().waitFor({ timeout: 60000 });
    const shown = await captionsText(page);
    assert.ok(shown.includes(this.script[0]), `captions show "${this.script[0]}": ${shown}`);
    assert.equal(await page.locator('[role="log"]').getAttribute('aria-live'), 'polite');
    const fired = await this.debug.waitFor((m) => m.name === 'turn on', 60000);
    assert.match(fired.msg, /turn on the kitchen lights/i);
    await waitFor('the mic status', () => /1 live/.test(this.micStatus()), 20000);
  }

  /** Presses Stop; resolves once the session's Terminate reached the simulator. */
  async stopSpeaking(page: Page, record: ConnectionRecord): Promise<void> {
    await page.getByRole('button', { name: 'Stop microphone' }).click();
    await waitFor(
      'Terminate at the simulator',
      () => this.simulator.connections().find((c) => c.sessionId === record.sessionId && c.terminateReceived),
      30000,
      100,
    );
  }

  /** Presses an inject node's button, as the editor does (POST /inject/:id). */
  async inject(id: string): Promise<void> {
    const response = await fetch(`${this.nodeRed.url}/inject/${id}`, { method: 'POST' });
    assert.equal(response.status, 200, `inject ${id}: HTTP ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    this.debugListener?.close();
    this.statusListener?.close();
    for (const browser of this.browsers) await browser.close().catch(() => undefined);
    await this.red?.stop();
    await this.sim?.close();
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
