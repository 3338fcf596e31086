'use strict';
// CPU per call of the package's per-message code paths that the scale runs
// point at, measured in one process with no network (process.cpuUsage over
// many calls, after a warm-up): the turn filter node on a partial and on each
// final command (through Node-RED's receive/done, as deployed in the scale
// runs), the time-bounded regular expression runner alone, and Node-RED's
// translation function that the transcriber's status goes through.
//   node bench/micro/node-costs.js        (after npm run build)
const { startNodeRed } = require('../lib/node-red-runtime');
const { buildFlow } = require('../scale/contenders/node-red');
const { loadDemoAudio } = require('../lib/audio');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function cpuPerCall(calls, fn) {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

function turnMessage(text, order, final) {
  const spoken = text.toLowerCase().replace(/[^a-z0-9' ]/g, '');
  const words = spoken.split(' ').map((w, i) => ({ text: w, start: i * 340, end: i * 340 + 300, confidence: 0.9, final: final || i < 3 }));
  const transcript = final
    ? spoken
    : words
        .filter((w) => w.final)
        .map((w) => w.text)
        .join(' ');
  return {
    payload: transcript,
    turn: { order, transcript, utterance: final ? spoken : '', endOfTurn: final, formatted: false, final, confidence: 0.8, words },
    session: { id: 'micro', model: 'universal-streaming-english', expiresAt: 0 },
  };
}

async function measureNodeCosts() {
  const audio = loadDemoAudio();
  const runtime = await startNodeRed();
  const results = [];
  try {
    const flow = buildFlow({ url: 'wss://127.0.0.1:9/v3/ws', sessions: 1, apiKey: 'micro', speechModel: 'universal-streaming-english' });
    flow.push(
      { id: 'route-src', type: 'inject', z: 'bench-tab', props: [], repeat: '', crontab: '', once: false, wires: [['route-dst']] },
      { id: 'route-dst', type: 'junction', z: 'bench-tab', wires: [] },
    );
    await runtime.deploy(flow);
    const filter = runtime.getNode('flt-0');

    // Node-RED itself: one message from one node to the next (send, hooks, setImmediate delivery, receive).
    const routeSource = runtime.getNode('route-src');
    const payload = Buffer.alloc(1600);
    const routeOnce = async (count) => {
      let received = 0;
      runtime.RED.hooks.add('onReceive.micro', (event) => {
        if (event.destination.id === 'route-dst') received++;
      });
      const start = process.cpuUsage();
      for (let i = 0; i < count; i++) routeSource.send({ payload });
      const deadline = Date.now() + 20000;
      while (received < count && Date.now() < deadline) await sleep(5);
      const used = process.cpuUsage(start);
      runtime.RED.hooks.remove('onReceive.micro');
      return (used.user + used.system) / count;
    };
    await routeOnce(5000);
    results.push({
      path: 'Node-RED: one message from a node to the next (the cost every audio frame and every turn update pays once)',
      file: '(node-red 4 runtime)',
      us: await routeOnce(20000),
    });
    let order = 0;
    for (let i = 0; i < 4000; i++) filter.receive(turnMessage(audio.script[i % 4], order++, i % 10 === 0));
    await sleep(100);
    results.push({
      path: 'turn filter node, a partial turn message (stage final: ignored)',
      file: 'src/nodes/assemblyai-turn-filter, src/filter/turn-input.ts',
      us: cpuPerCall(20000, () => filter.receive(turnMessage(audio.script[1], order++, false))),
    });
    await sleep(100);
    for (const text of audio.script) {
      results.push({
        path: `turn filter node, final turn "${text}"`,
        file: 'src/filter/turn-filter.ts, similarity.ts, bounded-regex.ts',
        us: cpuPerCall(10000, () => filter.receive(turnMessage(text, order++, true))),
      });
      await sleep(100);
    }
    const { createBoundedRegexRunner } = require('../../dist/filter/bounded-regex');
    const run = createBoundedRegexRunner();
    const re = /set a timer for (?<minutes>\d+) minutes?/i;
    for (let i = 0; i < 500; i++) run(re, 'what is the temperature in the living room');
    results.push({
      path: "regex rule, one match attempt on RE2 (the bench's pattern)",
      file: 'src/filter/bounded-regex.ts, linear-regex.ts',
      us: cpuPerCall(5000, () => run(re, 'what is the temperature in the living room')),
    });
    const lookahead = /set a timer for (?=\d)(?<minutes>\d+) minutes?/i;
    for (let i = 0; i < 500; i++) run(lookahead, 'what is the temperature in the living room');
    results.push({
      path: 'regex rule with a lookahead, one match attempt (V8 in vm.runInContext with a timeout)',
      file: 'src/filter/bounded-regex.ts createBoundedRegexRunner',
      us: cpuPerCall(5000, () => run(lookahead, 'what is the temperature in the living room')),
    });
    results.push({
      path: 'the same match with RegExp.exec',
      file: '(reference)',
      us: cpuPerCall(200000, () => {
        re.lastIndex = 0;
        re.exec('what is the temperature in the living room');
      }),
    });
    const { similarity } = { similarity: require('../../dist/filter/similarity') };
    const phrase = ['turn', 'off', 'the', 'lights'];
    const heard = ['what', 'is', 'the', 'temperature', 'in', 'the', 'living', 'room'];
    results.push({
      path: 'fuzzy phrase similarity, 4-word phrase against an 8-word turn',
      file: 'src/filter/similarity.ts phraseSimilarity',
      us: cpuPerCall(20000, () => similarity.phraseSimilarity(phrase, heard)),
    });
    const { i18n } = require(require.resolve('@node-red/util', { paths: [require.resolve('node-red')] }));
    const key = '@livevoice/node-red-assemblyai/assemblyai-transcriber:assemblyai-transcriber.status.listening';
    for (let i = 0; i < 2000; i++) i18n._(key);
    results.push({
      path: 'Node-RED RED._() for one status text (the transcriber translates on every state change, two per turn)',
      file: 'src/nodes/assemblyai-transcriber/transcriber-status.ts statusForState',
      us: cpuPerCall(20000, () => i18n._(key)),
    });
  } finally {
    await runtime.stop();
  }
  return results;
}

if (require.main === module) {
  measureNodeCosts().then(
    (results) => {
      if (process.argv.includes('--json')) process.stdout.write(`BENCH-JSON ${JSON.stringify(results)}\n`);
      else for (const r of results) process.stdout.write(`${r.us.toFixed(2).padStart(9)} us  ${r.path}  [${r.file}]\n`);
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}

module.exports = { measureNodeCosts };
