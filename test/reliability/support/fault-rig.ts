// One transcriber node in the Node-RED test runtime, pointed at a simulator
// the rig owns (so a test can stop it, start it late, or restart it on the same
// port), plus the bookkeeping every reliability test needs: how many samples
// were written to the node, how many reached a simulator, and a leak check
// when it is over.
import assert from 'node:assert/strict';
import net from 'node:net';
import { startSimulator } from '../../../src/sim';
import type { Simulator, SimulatorOptions } from '../../../src/sim/types';
import { pcmBytes } from '../../nodes/support/audio';
import { Harness, helper, TEST_KEY, type FlowNode, type HarnessOptions } from '../../nodes/support/harness';
import { delay, waitFor } from '../../nodes/support/wait';
import { LeakTracker } from './leak-tracker';
import { summarizeConnections, type ConnectionSummary } from '../../support/connection-summary';

export const S = 'assemblyai-transcriber.status.';

export type ErrorPayload = { message: string; code?: number; fatal: boolean };
export type ClosedPayload = { code: number; reason: string; willRetry: boolean };
export type ReconnectingPayload = { attempt: number; delayMs: number; code?: number; reason: string };

/** A loopback port with nothing listening on it (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RigOptions {
  /** Simulator options; omit to start without a simulator (connection refused until startSim). */
  simulator?: SimulatorOptions | false;
  /** Endpoint when it is not the simulator's (e.g. an unresolvable host). */
  url?: string;
  /** Port for a simulator started later with startSim(). */
  port?: number;
  account?: HarnessOptions['account'];
  transcriber?: Record<string, unknown>;
  tuning?: Record<string, unknown>;
  extraNodes?: FlowNode[];
  /** The account's credentials; default { apiKey: TEST_KEY }. */
  credentials?: Record<string, unknown>;
}

export class FaultRig {
  /** Every simulator this rig started, oldest first (samples are counted over all). */
  readonly sims: Simulator[] = [];
  /** Samples written to the transcriber(s) as audio. */
  sentSamples = 0;
  private finished = false;

  private constructor(
    readonly h: Harness,
    readonly tracker: LeakTracker,
    private readonly simOptions: SimulatorOptions,
    private port: number,
  ) {}

  static async start(options: RigOptions): Promise<FaultRig> {
    const tracker = LeakTracker.start();
    const simOptions = options.simulator === false || options.simulator === undefined ? {} : options.simulator;
    let sim: Simulator | undefined;
    let port = options.port ?? 0;
    if (options.simulator !== false && options.simulator !== undefined) {
      sim = await startSimulator({ rateRule: 'strict', ...simOptions, port });
      port = sim.port;
    } else if (port === 0) {
      port = await freePort();
    }
    const scheme = simOptions.tls ? 'wss' : 'ws';
    const url = options.url ?? sim?.url ?? `${scheme}://127.0.0.1:${port}/v3/ws`;
    const accountOption = options.account;
    const h = await Harness.start({
      url,
      account: typeof accountOption === 'function' ? () => accountOption(sim) : accountOption,
      transcriber: options.transcriber,
      tuning: options.tuning,
      extraNodes: options.extraNodes,
      credentials: options.credentials,
    });
    const rig = new FaultRig(h, tracker, simOptions, port);
    if (sim) rig.sims.push(sim);
    return rig;
  }

  /** The simulator running now. */
  get sim(): Simulator {
    const sim = this.sims[this.sims.length - 1];
    assert.ok(sim, 'no simulator has been started');
    return sim;
  }

  async startSim(extra: SimulatorOptions = {}): Promise<Simulator> {
    const sim = await startSimulator({ rateRule: 'strict', ...this.simOptions, ...extra, port: this.port });
    this.sims.push(sim);
    return sim;
  }

  /** Stops the simulator (every socket dropped without a close frame), waits, starts a new one on the same port. */
  async restartSim(downMs: number): Promise<Simulator> {
    await this.sim.close();
    await delay(downMs);
    return this.startSim();
  }

  /** Writes samples to a transcriber at once, in chunks of chunkSamples. */
  send(samples: Int16Array, chunkSamples = 1600, nodeId = 'tr'): void {
    const bytes = pcmBytes(samples);
    for (let offset = 0; offset < bytes.length; offset += chunkSamples * 2) {
      this.write(bytes.subarray(offset, offset + chunkSamples * 2), nodeId);
    }
  }

  /** Writes samples at real-time pace (16 kHz), chunkMs at a time. */
  async stream(samples: Int16Array, chunkMs = 100, nodeIds: string[] = ['tr']): Promise<void> {
    const bytes = pcmBytes(samples);
    const size = chunkMs * 32;
    const started = Date.now();
    for (let offset = 0, i = 0; offset < bytes.length; offset += size, i++) {
      const wait = started + i * chunkMs - Date.now();
      if (wait > 0) await delay(wait);
      for (const id of nodeIds) this.write(bytes.subarray(offset, offset + size), id);
    }
  }

  private write(chunk: Buffer, nodeId: string): void {
    this.sentSamples += chunk.length / 2;
    const node = nodeId === 'tr' ? this.h.node : helper.getNode(nodeId);
    node.receive({ payload: chunk });
  }

  /** Samples every simulator of this rig accepted. */
  receivedSamples(): number {
    return this.sims.reduce((sum, sim) => sum + sim.stats().samplesReceived, 0);
  }

  /** Per connection of every simulator: how it stands (see summarizeConnections). */
  connectionSummary(): ConnectionSummary[] {
    return summarizeConnections(this.sims.flatMap((sim) => sim.connections()));
  }

  waitReceived(samples: number, timeoutMs = 10000): Promise<unknown> {
    return waitFor(
      () => `${samples} samples at the simulator (have ${this.receivedSamples()}; connections ${JSON.stringify(this.connectionSummary())})`,
      () => this.receivedSamples() >= samples,
      timeoutMs,
    );
  }

  /** The node's status texts, oldest first. */
  statusTexts(): string[] {
    return this.h.statuses().map((s) => s.text ?? '');
  }

  errors(): ErrorPayload[] {
    return this.h.eventsOf('error').map((m) => m.payload as ErrorPayload);
  }

  closes(): ClosedPayload[] {
    return this.h.eventsOf('closed').map((m) => m.payload as ClosedPayload);
  }

  reconnects(): ReconnectingPayload[] {
    return this.h.eventsOf('reconnecting').map((m) => m.payload as ReconnectingPayload);
  }

  /**
   * Undeploys (every close handler runs), checks that no simulator still has
   * an open session, that the key never reached a URL, and that no timer or
   * socket is left once everything has settled.
   */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.h.stop();
      for (const sim of this.sims) {
        await waitFor('the simulator to see every session closed', () => sim.stats().openNow === 0, 3000);
        for (const record of sim.connections()) {
          assert.ok(!`${record.path}?${record.rawQuery}`.includes(TEST_KEY), 'the key reached a URL');
        }
      }
    } finally {
      for (const sim of this.sims) await sim.close();
    }
    assert.ok(this.tracker.createdCount > 0, 'the leak tracker saw nothing at all');
    await this.tracker.expectNoneLeft();
  }

  /** For afterEach: cleans up after a failed test without adding a second failure. */
  async abandon(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.tracker.stop();
    await this.h.stop().catch(() => undefined);
    for (const sim of this.sims) await sim.close();
  }
}
