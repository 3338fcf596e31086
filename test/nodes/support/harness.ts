// Runs the account + transcriber nodes in node-red-node-test-helper against a
// local simulator, records what the transcriber sends, shows and logs, and on
// stop checks that the API key appeared in none of it.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import helper from 'node-red-node-test-helper';
import type { Node } from 'node-red';
import registerAccount from '../../../src/nodes/assemblyai-account/assemblyai-account';
import registerTranscriber from '../../../src/nodes/assemblyai-transcriber/assemblyai-transcriber';
import { withLocale } from './locale';
import { startSimulator } from '../../../src/sim';
import type { Simulator, SimulatorOptions } from '../../../src/sim/types';
import { waitFor } from './wait';
import { summarizeConnections, type ConnectionSummary } from '../../support/connection-summary';
import type { TestClock } from '../../support/fake-clock';
import { nodeRedPath } from '../../support/node-red-path';

// Errors and warnings rendered from the en-US catalogs, as a user reads them; statuses stay keys,
// as node-red-node-test-helper's RED._ returns them.
const accountNode = withLocale(registerAccount);
const transcriberNode = withLocale(registerTranscriber);

helper.init(nodeRedPath);

export { helper };

/** Looks like a real key and appears nowhere else, so a leak is unmistakable. */
export const TEST_KEY = 'aai-test-key-5e0c2f9b7d1a4c38';

export type FlowNode = { id: string; type: string; [key: string]: unknown };
export type Msg = Record<string, unknown> & { topic?: string; payload?: unknown };

export interface HarnessOptions {
  /** Simulator options; port 0 and loopback always. Omit `simulator` entirely with `url` to point elsewhere. */
  simulator?: SimulatorOptions;
  /** Endpoint for the account when no simulator runs. */
  url?: string;
  /** Account node fields; a function gets the running simulator (e.g. for its certificate). */
  account?: Record<string, unknown> | ((sim: Simulator | undefined) => Record<string, unknown>);
  transcriber?: Record<string, unknown>;
  /** Credentials of the account node; default { apiKey: TEST_KEY }. */
  credentials?: Record<string, unknown>;
  /** settings.assemblyaiTranscriber (timing knobs). */
  tuning?: Record<string, unknown>;
  /** More nodes for the flow (e.g. further transcribers on tab f1 using account acc). */
  extraNodes?: FlowNode[];
  /** Secrets that must not appear anywhere; default [TEST_KEY]. */
  secrets?: string[];
}

/** Short bounds so fault tests finish quickly. */
export const FAST_TUNING = {
  connectTimeoutMs: 1500,
  terminationTimeoutMs: 1000,
  closeTimeoutMs: 4000,
  retry: { initialDelayMs: 100, maxDelayMs: 400 },
};

export function transcriberFlow(url: string, account: Record<string, unknown> = {}, transcriber: Record<string, unknown> = {}): FlowNode[] {
  return [
    { id: 'f1', type: 'tab', label: 'transcriber test' },
    { id: 'acc', type: 'assemblyai-account', name: '', region: 'custom', customUrl: url, ...account },
    {
      id: 'tr',
      type: 'assemblyai-transcriber',
      z: 'f1',
      name: '',
      account: 'acc',
      speechModel: 'universal-streaming-english',
      sampleRate: 16000,
      encoding: 'pcm_s16le',
      frameMs: 50,
      policy: 'auto',
      idleSeconds: 10,
      // The simulator's "speech" is tone bursts, which the default neural gate rightly takes for no voice.
      speechGate: 'energy',
      ...transcriber,
      wires: [['turns'], ['events']],
    },
    { id: 'turns', type: 'helper', z: 'f1' },
    { id: 'events', type: 'helper', z: 'f1' },
    { id: 'catcher', type: 'catch', z: 'f1', scope: ['tr'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'f1' },
    { id: 'completer', type: 'complete', z: 'f1', scope: ['tr'], uncaught: false, wires: [['completed']] },
    { id: 'completed', type: 'helper', z: 'f1' },
  ];
}

type SpiedMethod = { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> };

export class Harness {
  readonly turns: Msg[] = [];
  readonly events: Msg[] = [];
  readonly caught: Msg[] = [];
  /** Messages whose done() ran without an error (a Complete node scoped to the transcriber). */
  readonly completed: Msg[] = [];
  private stopped = false;
  private sequence = 0;

  private constructor(
    readonly sim: Simulator | undefined,
    private readonly secrets: string[],
  ) {}

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const sim = options.url ? undefined : await startSimulator({ port: 0, rateRule: 'strict', ...options.simulator }); // strict: a test that sends too fast fails;
    const harness = new Harness(sim, options.secrets ?? [TEST_KEY]);
    const url = options.url ?? (sim as Simulator).url;
    helper.settings({ assemblyaiTranscriber: { ...FAST_TUNING, ...options.tuning } } as Record<string, unknown>);
    const credentials = { acc: options.credentials ?? { apiKey: TEST_KEY } };
    try {
      const account = typeof options.account === 'function' ? options.account(sim) : options.account;
      const flow = [...transcriberFlow(url, account, options.transcriber), ...(options.extraNodes ?? [])];
      await helper.load([accountNode, transcriberNode], flow, credentials);
    } catch (error) {
      await sim?.close();
      throw error;
    }
    harness.attach();
    return harness;
  }

  private attach(): void {
    this.tr = helper.getNode('tr');
    helper.getNode('turns').on('input', (msg: Msg) => this.turns.push(msg));
    helper.getNode('events').on('input', (msg: Msg) => this.events.push(msg));
    helper.getNode('caught').on('input', (msg: Msg) => this.caught.push(msg));
    helper.getNode('completed').on('input', (msg: Msg) => this.completed.push(msg));
  }

  private tr: Node | undefined;

  /** The transcriber node (kept after the flows stop, for the spies' records). */
  get node(): Node {
    return this.tr ?? helper.getNode('tr');
  }

  /** Sends audio in chunks of chunkMs at real-time pace; resolves after the last chunk. */
  async stream(bytes: Buffer, chunkMs = 100, bytesPerMs = 32): Promise<void> {
    const size = Math.round(chunkMs * bytesPerMs);
    const started = Date.now();
    for (let offset = 0, i = 0; offset < bytes.length; offset += size, i++) {
      const due = started + i * chunkMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.send({ payload: bytes.subarray(offset, offset + size) });
    }
  }

  /**
   * Streams as a live source on a fake clock that the simulator and the node's sessions share (the
   * simulator's `clock`, settings' `clock`): a chunk, the clock moved on by its length, then a wait
   * on the real clock until the simulator holds every sample sent, no connection is part-way (dialled
   * but not begun, or Terminated but not closed), and the node has each Begin the simulator sent.
   * So for both ends time is the audio's time, however loaded the machine.
   */
  async streamOnClock(bytes: Buffer, clock: TestClock, chunkMs = 100, bytesPerMs = 32, bytesPerSample = 2): Promise<void> {
    const sim = this.sim;
    if (sim === undefined) throw new Error('streamOnClock needs the simulator');
    const size = Math.round(chunkMs * bytesPerMs);
    let expected = sim.stats().samplesReceived;
    for (let offset = 0; offset < bytes.length; offset += size) {
      const chunk = bytes.subarray(offset, offset + size);
      this.send({ payload: chunk });
      expected += chunk.length / bytesPerSample;
      await clock.tick(chunkMs);
      // One turn of the event loop, so a connection a timer just dialled has been accepted.
      await new Promise((resolve) => setImmediate(resolve));
      await waitFor(
        () => `the simulator to settle at ${expected} samples: ${JSON.stringify(this.connectionSummary())}`,
        () => this.settledAt(sim, expected),
      );
    }
  }

  private settledAt(sim: Simulator, samples: number): boolean {
    if (sim.stats().samplesReceived < samples) return false;
    const connections = sim.connections();
    const open = connections.filter((c) => c.closedAt === undefined);
    // A socket with no record yet is a connection whose upgrade request is still on its way.
    if (sim.socketsOpen() > open.length) return false;
    if (open.some((c) => c.beganAt === undefined || c.terminateReceived)) return false;
    return this.eventsOf('begin').length >= connections.filter((c) => c.beganAt !== undefined).length;
  }

  /** How each of the simulator's connections stands, for failure messages. */
  connectionSummary(): ConnectionSummary[] {
    return summarizeConnections(this.sim?.connections() ?? []);
  }

  send(msg: Msg): void {
    this.node.receive(msg);
  }

  private callsOf(method: 'status' | 'error' | 'warn' | 'log' | 'send', node: unknown = this.node): unknown[][] {
    const spy = (this.node as unknown as Record<string, SpiedMethod>)[method];
    return spy
      .getCalls()
      .filter((call) => node === undefined || call.thisValue === node)
      .map((call) => call.args);
  }

  /** Every status the transcriber (or another node of the flow) showed, oldest first. */
  statuses(node: unknown = this.node): Array<{ fill?: string; shape?: string; text?: string }> {
    return this.callsOf('status', node).map((args) => args[0] as { fill?: string; shape?: string; text?: string });
  }

  lastStatus(node: unknown = this.node): { fill?: string; shape?: string; text?: string } | undefined {
    const all = this.statuses(node);
    return all[all.length - 1];
  }

  errorsLogged(): string[] {
    return this.callsOf('error').map((args) => (args[0] instanceof Error ? args[0].message : String(args[0])));
  }

  warnings(): string[] {
    return this.callsOf('warn').map((args) => String(args[0]));
  }

  finals(): Msg[] {
    return this.turns.filter((m) => (m.turn as { final: boolean }).final);
  }

  eventsOf(topic: string): Msg[] {
    return this.events.filter((m) => m.topic === topic);
  }

  waitForEvent(topic: string, count = 1, timeoutMs = 10000): Promise<Msg[]> {
    return waitFor(
      `${count} "${topic}" event(s)`,
      () => {
        const found = this.eventsOf(topic);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
    );
  }

  waitForFinals(count: number, timeoutMs = 15000): Promise<Msg[]> {
    return waitFor(
      `${count} final turn(s)`,
      () => {
        const found = this.finals();
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits for a status whose state is `text`; an open session's status adds its billed time after " · ". */
  waitForStatus(text: string, timeoutMs = 10000): Promise<unknown> {
    return waitFor(
      `status "${text}" (last: ${JSON.stringify(this.lastStatus())})`,
      () => statusState(this.lastStatus()?.text) === text,
      timeoutMs,
    );
  }

  /** Sends a message and resolves when its done() ran: undefined on success, else the error it reported. */
  async sendAndWait(msg: Msg, timeoutMs = 10000): Promise<Error | undefined> {
    const id = (msg._msgid as string | undefined) ?? `m${(++this.sequence).toString(16)}`;
    msg._msgid = id;
    this.send(msg);
    return waitFor(
      `done() for message ${id}`,
      () => {
        const failed = this.caught.find((m) => m._msgid === id);
        if (failed) return { error: new Error((failed.error as { message: string }).message) };
        if (this.completed.some((m) => m._msgid === id)) return { error: undefined };
        return undefined;
      },
      timeoutMs,
    ).then((outcome) => outcome.error);
  }

  /** Everything the run produced that a secret must not be in: sends, statuses, errors, warnings, logs. */
  private everythingSaid(): string {
    const node = this.node as unknown as Record<string, SpiedMethod>;
    const parts: string[] = [];
    for (const method of ['log', 'status', 'warn', 'error', 'debug', 'trace', 'send']) {
      const spy = node[method];
      if (!spy || typeof spy.getCalls !== 'function') continue;
      for (const call of spy.getCalls()) parts.push(inspect(call.args, { depth: 12, maxStringLength: Infinity, maxArrayLength: 200 }));
    }
    for (const call of helper.log().getCalls()) parts.push(inspect(call.args, { depth: 12, maxStringLength: Infinity }));
    parts.push(inspect([this.turns, this.events, this.caught], { depth: 12, maxStringLength: Infinity }));
    if (this.sim) {
      for (const record of this.sim.connections()) parts.push(record.path, record.rawQuery);
    }
    return parts.join('\n');
  }

  /** Stops the flows (running every close handler), checks for secrets, unloads, stops the simulator. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await helper.clearFlows();
      const said = this.everythingSaid();
      for (const secret of this.secrets) {
        assert.ok(!said.includes(secret), `the secret ${secret.slice(0, 6)}... leaked into messages, status or logs`);
      }
    } finally {
      await helper.unload();
      await this.sim?.close();
    }
  }
}

/** The state part of a transcriber status text, without the billed time an open session adds after " · ". */
export function statusState(text: string | undefined): string | undefined {
  return text?.split(' · ')[0];
}
