// docs/protocol.md is the protocol as the package speaks it. This test checks
// its tables both ways against the code: every row exists in the code, every
// parameter/model/message/close code of the code has a row, the columns say
// what the code does, and every row cites a defined public source.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CloseCode } from '../../src/protocol/close-codes';
import { describeClose } from '../../src/protocol/close-meaning';
import { CLIENT_MESSAGE_TYPES, SERVER_MESSAGE_TYPES } from '../../src/protocol/messages';
import {
  CONNECTION_PARAMETERS,
  SPEECH_MODELS,
  modelFamily,
  validateConnectionQuery,
  type ConnectionParameterSpec,
} from '../../src/protocol/params';
import { parseServerMessage } from '../../src/protocol/parse';
import { TURN_DEFAULTS } from '../../src/protocol/turn-defaults';
import { startSimulator, type Simulator } from '../../src/sim';
import { connect, frames, speechPcm, type TestClient } from '../sim/helpers';
import { citedTags, codeName, readProtocolTables, type Row } from './protocol-doc';

const tables = readProtocolTables();

function table(name: string): Row[] {
  const rows = tables.get(name);
  assert.ok(rows && rows.length > 0, `docs/protocol.md has no table under "## ${name}"`);
  return rows;
}

function names(rows: Row[], column: string): string[] {
  return rows.map((r) => codeName(r[column]));
}

function sameSet(doc: Iterable<string | number>, code: Iterable<string | number>, what: string): void {
  const d = new Set([...doc].map(String));
  const c = new Set([...code].map(String));
  const missingInDoc = [...c].filter((x) => !d.has(x));
  const missingInCode = [...d].filter((x) => !c.has(x));
  assert.deepEqual({ missingInDoc, missingInCode }, { missingInDoc: [], missingInCode: [] }, what);
}

function rangeText(s: ConnectionParameterSpec): string {
  if (s.values && s.name !== 'speech_model') return s.values.map((v) => `\`${v}\``).join(', ');
  if (s.min !== undefined) return `${s.min}–${s.max}`;
  if (s.maxItems !== undefined) return `≤${s.maxItems} items`;
  if (s.maxLength !== undefined) return `≤${s.maxLength} chars`;
  return '';
}

/** A query value that the parameter's kind or range refuses, or null when every text is valid. */
function invalidValue(s: ConnectionParameterSpec): string | null {
  switch (s.kind) {
    case 'boolean':
      return 'maybe';
    case 'integer':
      return '1.5';
    case 'number':
      return 'many';
    case 'enum':
      return '__not_a_value__';
    case 'string-list':
      return 'not json';
    case 'json-object':
      return '[1]';
    case 'string':
      return s.maxLength !== undefined ? 'x'.repeat(s.maxLength + 1) : null;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('docs/protocol.md: the protocol table agrees with the code', function () {
  this.timeout(30000);

  describe('sources', () => {
    const sources = new Map(table('Sources').map((r) => [citedTags(r.Tag)[0], r.Source]));

    it('defines each tag once, each with a public https address', () => {
      assert.equal(sources.size, table('Sources').length, 'a tag is defined twice');
      for (const [tag, text] of sources) assert.match(text, /https:\/\/\S+/, `[${tag}] has no address`);
    });

    it('every row of every table cites at least one defined source, and every tag it mentions is defined', () => {
      for (const [section, rows] of tables) {
        if (section === 'Sources') continue;
        for (const row of rows) {
          const first = Object.values(row)[0];
          const cited = citedTags(row.Source ?? '');
          assert.ok(cited.length > 0, `${section}: ${first} has no source`);
          for (const cell of Object.values(row)) {
            for (const tag of citedTags(cell))
              assert.ok(sources.has(tag), `${section}: ${first} cites [${tag}], which the Sources table does not define`);
          }
        }
      }
    });
  });

  describe('connection parameters', () => {
    const rows = table('Connection parameters');

    it('has one row per parameter of CONNECTION_PARAMETERS, and no other', () => {
      assert.equal(new Set(names(rows, 'Parameter')).size, rows.length, 'a parameter has two rows');
      sameSet(names(rows, 'Parameter'), Object.keys(CONNECTION_PARAMETERS), 'parameters');
    });

    it("says each parameter's kind, range, default, models and whether it can change mid-session as the code has them", () => {
      for (const row of rows) {
        const s = CONNECTION_PARAMETERS[codeName(row.Parameter)];
        const said = { kind: row.Kind, range: row['Range / values'], default: row.Default, models: row.Models, update: row['Mid-session'] };
        const has = {
          kind: s.kind,
          range: rangeText(s),
          default: s.defaultValue ?? '—',
          models: s.models,
          update: s.updatable ? 'yes' : '—',
        };
        assert.deepEqual(said, has, s.name);
      }
    });

    it("the simulator's validator refuses a bad value of every row (and accepts the documented models)", () => {
      for (const row of rows) {
        const s = CONNECTION_PARAMETERS[codeName(row.Parameter)];
        const bad = invalidValue(s);
        if (bad === null) continue;
        const query: Record<string, string> = { speech_model: 'u3-rt-pro', [s.name]: bad };
        const result = validateConnectionQuery(query);
        assert.equal(result.ok, false, `${s.name}=${bad} was accepted`);
        assert.equal(!result.ok && result.parameter, s.name);
      }
      for (const model of names(table('Models'), 'Model')) assert.equal(validateConnectionQuery({ speech_model: model }).ok, true, model);
    });
  });

  describe('models', () => {
    const rows = table('Models');

    it('has one row per model of SPEECH_MODELS, and no other, each in its family', () => {
      sameSet(names(rows, 'Model'), SPEECH_MODELS, 'models');
      for (const row of rows) assert.equal(row.Family, modelFamily(codeName(row.Model)), codeName(row.Model));
    });
  });

  describe('turn-detection defaults', () => {
    const rows = table('Turn-detection defaults');
    const value = (cell: string): unknown =>
      cell === 'n/a' ? null : cell === 'true' ? true : cell === 'false' ? false : /^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;

    it('has one row per default of TURN_DEFAULTS, with the values the simulator applies per family', () => {
      sameSet(names(rows, 'Parameter'), Object.keys(TURN_DEFAULTS.u3), 'turn defaults');
      for (const row of rows) {
        const name = codeName(row.Parameter) as keyof (typeof TURN_DEFAULTS)['u3'];
        assert.deepEqual(
          [value(row['Universal-Streaming']), value(row['U3 family'])],
          [TURN_DEFAULTS['universal-streaming'][name], TURN_DEFAULTS.u3[name]],
          name,
        );
      }
    });

    it('agrees with the defaults the parameter table states', () => {
      const byName = new Map(rows.map((r) => [codeName(r.Parameter), r]));
      for (const name of ['min_turn_silence', 'max_turn_silence', 'vad_threshold']) {
        const r = byName.get(name) as Row;
        assert.equal(CONNECTION_PARAMETERS[name].defaultValue, `${r['Universal-Streaming']} (U3: ${r['U3 family']})`, name);
      }
      for (const name of ['interruption_delay', 'mode', 'continuous_partials'])
        assert.equal(CONNECTION_PARAMETERS[name].defaultValue, byName.get(name)?.['U3 family'], name);
      for (const name of ['end_of_turn_confidence_threshold', 'format_turns'])
        assert.equal(CONNECTION_PARAMETERS[name].defaultValue, byName.get(name)?.['Universal-Streaming'], name);
    });
  });

  describe('messages and close codes against the client code and a running simulator', () => {
    let sim: Simulator;
    const clients: TestClient[] = [];
    const open = (url: string, options?: Parameters<typeof connect>[1]) => {
      const c = connect(url, options);
      clients.push(c);
      return c;
    };
    afterEach(async () => {
      for (const c of clients.splice(0)) c.terminate();
      await sim?.close();
    });

    it('client messages: one row per CLIENT_MESSAGE_TYPES entry; "Client sends" is what src/session sends; the simulator takes each and refuses others', async () => {
      const rows = table('Client messages');
      sameSet(names(rows, 'Message'), CLIENT_MESSAGE_TYPES, 'client messages');
      const sessionDir = path.resolve(__dirname, '..', '..', 'src', 'session');
      const sent = new Set<string>();
      for (const file of sourceFiles(sessionDir)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/JSON\.stringify\(\{\s*type:\s*'(\w+)'/g)) sent.add(m[1]);
      }
      sameSet(
        rows.filter((r) => r['Client sends'] === 'yes').map((r) => codeName(r.Message)),
        sent,
        'messages src/session sends',
      );

      sim = await startSimulator({ timing: { terminationDelayMs: 0 } });
      const c = open(sim.url);
      await c.waitForType('Begin');
      for (const type of names(rows, 'Message'))
        if (type !== 'Terminate') c.sendJson(type === 'UpdateConfiguration' ? { type, min_turn_silence: 500 } : { type });
      c.sendJson({ type: 'Terminate' });
      assert.equal((await c.closedWithin()).code, 1000);
      assert.equal(c.ofType('Error').length, 0);
      const bogus = open(sim.url);
      await bogus.waitForType('Begin');
      bogus.sendJson({ type: 'Bogus' });
      const closed = await bogus.closedWithin();
      assert.equal(closed.code, 3006);
      assert.match(closed.reason, /^Invalid Message Type/);
    });

    it('server messages: one row per SERVER_MESSAGE_TYPES entry, each understood by the parser; "Simulator sends" is what the simulator sends', async () => {
      const rows = table('Server messages');
      sameSet(names(rows, 'Message'), SERVER_MESSAGE_TYPES, 'server messages');
      const samples: Record<string, object> = {
        Begin: { type: 'Begin', id: 'x', expires_at: 1 },
        Turn: {
          type: 'Turn',
          turn_order: 0,
          turn_is_formatted: false,
          end_of_turn: false,
          transcript: '',
          end_of_turn_confidence: 0,
          words: [],
        },
        SpeechStarted: { type: 'SpeechStarted', timestamp: 0 },
        Termination: { type: 'Termination', audio_duration_seconds: 0, session_duration_seconds: 0 },
        Error: { type: 'Error', error_code: 3005, error: 'x' },
        Warning: { type: 'Warning', warning_code: 1, warning: 'x' },
        Heartbeat: { type: 'Heartbeat', total_audio_received_ms: 0, total_duration_ms: 0, realtime_factor: 0 },
        SpeakerRevision: { type: 'SpeakerRevision', revisions: [] },
        LLMGatewayResponse: { type: 'LLMGatewayResponse', turn_order: 0, transcript: '', data: {} },
      };
      for (const type of names(rows, 'Message')) {
        assert.ok(samples[type], `no sample for ${type}`);
        assert.equal(parseServerMessage(JSON.stringify(samples[type])).type, type, type);
      }

      sim = await startSimulator({
        script: [{ text: 'who is speaking now', revisedSpeaker: 'B' }],
        timing: { throttleFactor: 40, heartbeatMs: 100, tickMs: 20, terminationDelayMs: 0 },
        faults: { warning: { code: 1, text: 'table test' } },
      });
      const c = open(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000, speaker_labels: true, session_heartbeat: true } });
      await c.waitForType('Begin');
      await c.sendPaced(frames(speechPcm([{ speechMs: 1500 }, { silenceMs: 1100 }]), 1600), 50, 10);
      await c.waitForMatch('Turn', (m) => m.end_of_turn, 5000, 'final');
      await c.waitForType('Heartbeat', 3000);
      c.sendJson({ type: 'Terminate' });
      await c.closedWithin();
      const e = open(sim.url);
      await e.waitForType('Begin');
      e.ws.send(Buffer.alloc(100));
      await e.closedWithin();
      const seen = new Set([...c.messages, ...e.messages].map((m) => m.type as string));
      sameSet(
        rows.filter((r) => r['Simulator sends'] === 'yes').map((r) => codeName(r.Message)),
        seen,
        'messages the simulator sends',
      );
    });

    it('close codes: one row per code describeClose() gives a meaning (and every CloseCode); the retry classes; what the simulator closes with', async () => {
      const rows = table('Close codes');
      const generic = /closed the session with code|connection closed with code/;
      const specific: number[] = [];
      for (let code = 1000; code < 5000; code++) if (!generic.test(describeClose(code, '').message)) specific.push(code);
      sameSet(names(rows, 'Code'), specific, 'close codes the client knows');
      for (const code of Object.values(CloseCode)) assert.ok(names(rows, 'Code').includes(String(code)), `CloseCode ${code} has no row`);
      for (const row of rows) assert.equal(row.Client, describeClose(Number(codeName(row.Code)), '').retry, codeName(row.Code));

      sim = await startSimulator({ keys: ['good'], maxSessionSeconds: 1, timing: { tickMs: 20, terminationDelayMs: 0 } });
      const closeOf = async (c: TestClient, act: (c: TestClient) => void = () => undefined) => {
        await c.opened;
        act(c);
        return (await c.closedWithin(5000)).code;
      };
      const sends = new Set<number>();
      sends.add(await closeOf(open(sim.url, { key: 'good' }), (c) => c.sendJson({ type: 'Terminate' })));
      sends.add(await closeOf(open(sim.url, { key: 'bad' })));
      sends.add(await closeOf(open(sim.url, { key: 'good', query: { speech_model: 'u3-rt-pro', sample_rate: 16000, vad_threshold: 2 } })));
      sends.add(await closeOf(open(sim.url, { key: 'good' }), (c) => c.ws.send(Buffer.alloc(100))));
      sends.add(await closeOf(open(sim.url, { key: 'good' })));
      const faults = new Set<number>();
      sim.setFaults({ tooManySessions: { fromSession: 1, code: 3009 } });
      faults.add(await closeOf(open(sim.url, { key: 'good' })));
      sim.setFaults({ tooManySessions: null, destroyAfterMs: 50 });
      faults.add(await closeOf(open(sim.url, { key: 'good' })));
      await until(() => sim.connections().every((r) => r.closedAt !== undefined));
      sameSet(
        rows.filter((r) => r.Simulator === 'sends').map((r) => codeName(r.Code)),
        sends,
        'codes the simulator closes with by its rules',
      );
      sameSet(
        rows.filter((r) => r.Simulator === 'fault').map((r) => codeName(r.Code)),
        faults,
        'codes the simulator closes with under faults',
      );
    });
  });
});
