// The microphone widget node's per-client queue under a backlog, on a fake clock
// and a hand-run scheduler: how much audio a flooding turn drops (in ms of
// audio, all of it, not the first frame), and whether Node-RED's busy event
// loop or late audio from the network/browser is named as the cause.
import assert from 'node:assert/strict';
import {
  backlogCause,
  type BacklogDrop,
} from '../../../packages/node-red-dashboard-2-assemblyai/src/nodes/ui-assemblyai-microphone/backlog-drops';
import {
  MicClients,
  type MicClient,
} from '../../../packages/node-red-dashboard-2-assemblyai/src/nodes/ui-assemblyai-microphone/mic-clients';
import { DropOldestBuffer } from '../../../packages/node-red-dashboard-2-assemblyai/src/shared/drop-oldest-buffer';
import type { DashboardSocket } from '../../../packages/node-red-dashboard-2-assemblyai/src/shared/dashboard-group';

/** 16 kHz s16le: `ms` of audio, its first byte tagging the frame. */
const pcm = (ms: number, tag = 0) => Buffer.alloc(ms * 32, tag);

function harness(queueFrames: number) {
  const clock = { at: 0, busy: 0 };
  const turns: Array<() => void> = [];
  const delivered: Array<{ client: string; tag: number; ms: number }> = [];
  const drops: Array<{ client: string; drop: BacklogDrop }> = [];
  const clients = new MicClients(
    queueFrames,
    {
      deliver: (client, data) => delivered.push({ client: client.socket.id, tag: data[0], ms: data.length / 32 }),
      dropped: (client, drop) => drops.push({ client: client.socket.id, drop }),
    },
    (fn) => turns.push(fn),
    { now: () => clock.at, busyMs: () => clock.busy },
  );
  const socket = (id: string) => ({ id, emit: () => undefined }) as unknown as DashboardSocket;
  /** The rest of the current event-loop turn: the queued drain runs. */
  const endTurn = () => {
    for (const fn of turns.splice(0)) fn();
  };
  /** Time passes; `busyMs` of it the loop was running code. */
  const pass = (ms: number, busyMs: number) => {
    clock.at += ms;
    clock.busy += busyMs;
  };
  /** A client streaming on time: a frame every `frameMs`, each turn its own, the loop nearly idle. */
  const stream = (client: MicClient, frames: number, frameMs = 100) => {
    for (let i = 0; i < frames; i++) {
      pass(frameMs, 1);
      clients.enqueue(client, pcm(frameMs), clock.at, clock.at);
      endTurn();
    }
  };
  return { clients, socket, endTurn, pass, stream, delivered, drops };
}

describe('dashboard/mic backlog (node-side queue per client)', () => {
  it('the cause: Node-RED busy for at least half the span, else late audio', () => {
    assert.equal(backlogCause(4000, 8000), 'node-red-busy');
    assert.equal(backlogCause(3999, 8000), 'late-burst');
    assert.equal(backlogCause(0, 0), 'late-burst');
  });

  it('a backlog after Node-RED stalled 8 s: the newest 5 s are kept, 3000 ms dropped, Node-RED named with its busy time', () => {
    const h = harness(50); // 5 s of 100 ms frames
    const a = h.clients.track(h.socket('a'));
    h.stream(a, 20);
    assert.equal(h.delivered.length, 20);
    h.pass(8000, 8000); // a function node blocks the loop; the browser goes on sending
    for (let i = 0; i < 80; i++) h.clients.enqueue(a, pcm(100, i), 0, 0);
    assert.equal(h.drops.length, 0, 'reported once the turn is over, with everything it dropped');
    h.endTurn();
    const kept = h.delivered.slice(20);
    assert.deepEqual(
      kept.map((d) => d.tag),
      Array.from({ length: 50 }, (_, i) => 30 + i),
    );
    assert.equal(h.drops.length, 1);
    const { drop } = h.drops[0];
    assert.equal(drop.cause, 'node-red-busy');
    assert.equal(drop.droppedFrames, 30);
    assert.equal(drop.droppedMs, 3000);
    assert.equal(drop.burstMs, 8000);
    assert.equal(drop.totalDroppedMs, 3000);
    assert.equal(drop.windowMs, 8000);
    assert.equal(drop.busyMs, 8000);
  });

  it('the same backlog while Node-RED was free is late audio (network or browser), not Node-RED', () => {
    const h = harness(50);
    const a = h.clients.track(h.socket('a'));
    h.stream(a, 20);
    h.pass(8000, 40); // the loop idles: the audio is held elsewhere
    for (let i = 0; i < 80; i++) h.clients.enqueue(a, pcm(100, i), 0, 0);
    h.endTurn();
    assert.equal(h.drops.length, 1);
    assert.equal(h.drops[0].drop.cause, 'late-burst');
    assert.equal(h.drops[0].drop.busyMs, 40);
    assert.equal(h.drops[0].drop.droppedMs, 3000);
  });

  it('counts dropped audio in ms from the frames themselves, per client, with a running total', () => {
    const h = harness(4);
    const a = h.clients.track(h.socket('a'));
    const b = h.clients.track(h.socket('b'));
    h.stream(a, 3, 50);
    h.pass(1000, 900);
    for (let i = 0; i < 10; i++) h.clients.enqueue(a, pcm(50), 0, 0); // 6 of 50 ms pushed out
    for (let i = 0; i < 3; i++) h.clients.enqueue(b, pcm(100), 0, 0); // fits: b loses nothing
    h.endTurn();
    assert.deepEqual(
      h.drops.map((d) => [d.client, d.drop.droppedFrames, d.drop.droppedMs]),
      [['a', 6, 300]],
    );
    h.stream(a, 5, 50); // on time again: nothing more to report
    assert.equal(h.drops.length, 1);
    h.pass(2000, 1900);
    for (let i = 0; i < 6; i++) h.clients.enqueue(a, pcm(50), 0, 0);
    h.endTurn();
    assert.equal(h.drops.length, 2);
    assert.equal(h.drops[1].drop.droppedMs, 100);
    assert.equal(h.drops[1].drop.totalDroppedMs, 400);
  });

  it('a stall backlog read over two turns still names Node-RED for the second part', () => {
    const h = harness(50);
    const a = h.clients.track(h.socket('a'));
    h.stream(a, 10);
    h.pass(12000, 12000);
    for (let i = 0; i < 60; i++) h.clients.enqueue(a, pcm(100), 0, 0);
    h.endTurn();
    h.pass(1, 1);
    for (let i = 0; i < 60; i++) h.clients.enqueue(a, pcm(100), 0, 0);
    h.endTurn();
    assert.deepEqual(
      h.drops.map((d) => [d.drop.cause, d.drop.droppedMs]),
      [
        ['node-red-busy', 1000],
        ['node-red-busy', 1000],
      ],
    );
  });

  it('DropOldestBuffer.offer hands back the item it pushed out', () => {
    const buffer = new DropOldestBuffer<string>(2);
    assert.equal(buffer.offer('a'), undefined);
    assert.equal(buffer.offer('b'), undefined);
    assert.equal(buffer.offer('c'), 'a');
    assert.equal(buffer.push('d'), 1);
    assert.deepEqual(buffer.drain(), ['c', 'd']);
    assert.equal(buffer.dropped, 2);
  });
});
