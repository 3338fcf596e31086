'use strict';
// The package as users run it: an embedded Node-RED runtime with, per session,
// an audio source node (an inject node the pacer sends through, as a
// microphone node would) -> assemblyai-transcriber (auto policy, defaults) ->
// assemblyai-turn-filter (final turns, five outputs: four command rules and
// "otherwise") -> one sink. All transcribers share one assemblyai-account.
// Timestamps come from Node-RED's own message hooks (onReceive, postReceive,
// onSend); the nodes are not modified.
const { startNodeRed } = require('../../lib/node-red-runtime');
const { boundedAll } = require('./ws');

const FILTER_RULES = [
  { type: 'fuzzy', value: 'turn on the kitchen lights', threshold: '', cooldown: '', label: 'lights on' },
  { type: 'fuzzy', value: 'turn off the lights', threshold: '', cooldown: '', label: 'lights off' },
  { type: 'regex', value: 'set a timer for (?<minutes>\\d+) minutes?', threshold: '', cooldown: '', label: 'timer' },
  { type: 'all', value: 'temperature', threshold: '', cooldown: '', label: 'temperature' },
];

/**
 * Diagnosis variants (--variant=...), never in the main table: they show what
 * a part costs by removing it. 'no-rules': the filter has only "otherwise";
 * 'no-filter': turns go straight to the sink; 'memo-i18n': Node-RED's
 * translation function is memoized (what caching status texts would save);
 * 'all-updates': the transcriber sends every partial turn update on to the filter.
 */
function buildFlow({ url, sessions, apiKey, speechModel, variant }) {
  const rules = variant === 'no-rules' ? [] : FILTER_RULES;
  const flow = [
    { id: 'bench-tab', type: 'tab', label: 'bench' },
    {
      id: 'bench-account',
      type: 'assemblyai-account',
      name: '',
      region: 'custom',
      customUrl: url,
      credentials: { apiKey },
    },
    {
      id: 'bench-sink',
      type: 'debug',
      z: 'bench-tab',
      active: false,
      tosidebar: false,
      console: false,
      tostatus: false,
      complete: 'payload',
      wires: [],
    },
  ];
  for (let i = 0; i < sessions; i++) {
    flow.push(
      { id: `src-${i}`, type: 'inject', z: 'bench-tab', name: '', props: [], repeat: '', crontab: '', once: false, wires: [[`tr-${i}`]] },
      {
        id: `tr-${i}`,
        type: 'assemblyai-transcriber',
        z: 'bench-tab',
        name: '',
        account: 'bench-account',
        speechModel,
        sampleRate: 16000,
        encoding: 'pcm_s16le',
        frameMs: 50,
        policy: 'auto',
        // Every frame is sent, as by the SDK and the bare client (the node's
        // default, 'speech', would hold back the silence between commands).
        openOn: 'audio',
        idleSeconds: 10,
        // The filter acts on final turns only, so the partial updates are not sent on (a voice-command flow's setting).
        turnUpdates: variant === 'all-updates' ? 'all' : 'final',
        wires: [[variant === 'no-filter' ? 'bench-sink' : `flt-${i}`], ['bench-sink']],
      },
      {
        id: `flt-${i}`,
        type: 'assemblyai-turn-filter',
        z: 'bench-tab',
        name: '',
        stage: 'final',
        rules,
        checkAll: false,
        otherwise: true,
        textMode: 'normalized',
        wakeWord: '',
        minConfidence: 0,
        outputs: rules.length + 1,
        wires: Array.from({ length: rules.length + 1 }, () => ['bench-sink']),
      },
    );
  }
  return flow;
}

function turnKey(msg) {
  return `${msg.session && msg.session.id}:${msg.turn && msg.turn.order}`;
}

function memoizeTranslations() {
  const { i18n } = require(require.resolve('@node-red/util', { paths: [require.resolve('node-red')] }));
  const translate = i18n._;
  const cache = new Map();
  i18n._ = (key, substitutions) => {
    const cacheKey = substitutions === undefined ? key : `${key}\u0000${JSON.stringify(substitutions)}`;
    let text = cache.get(cacheKey);
    if (text === undefined) {
      text = translate(key, substitutions);
      cache.set(cacheKey, text);
    }
    return text;
  };
}

function createContender({ url, sessions, tracker, apiKey, speechModel, variant }) {
  const state = { begun: 0, closed: 0, errors: 0, skippedBeforeBegin: 0, nodeErrors: 0 };
  const indexOf = new Map();
  for (let i = 0; i < sessions; i++) {
    indexOf.set(`tr-${i}`, i);
    indexOf.set(`flt-${i}`, i);
  }
  let runtime;
  let sources = [];

  let handlerStart = 0;
  let handlerType = '';
  function installHooks(RED) {
    RED.hooks.add('onReceive.bench', (event) => {
      handlerType = event.destination.node.type;
      handlerStart = performance.now();
      const id = event.destination.id;
      if (id.charCodeAt(0) !== 116 /* t */) {
        tracker.current = -1;
        return;
      }
      const i = indexOf.get(id);
      tracker.current = i === undefined ? -1 : i;
      if (i !== undefined && Buffer.isBuffer(event.msg.payload)) tracker.frameEntered(i, performance.now());
    });
    RED.hooks.add('postReceive.bench', () => {
      tracker.current = -1;
      tracker.accountHandler(handlerType, handlerStart, performance.now());
    });
    RED.hooks.add('onSend.bench', (events) => {
      for (const event of events) {
        const source = event.source;
        const i = indexOf.get(source.id);
        if (i === undefined) continue;
        const msg = event.msg;
        if (source.node.type === 'assemblyai-turn-filter') {
          tracker.turnDelivered(i, turnKey(msg), performance.now());
        } else if (source.port === 0) {
          if (msg.turn && msg.turn.final) tracker.turnEmitted(turnKey(msg));
        } else if (msg.topic === 'begin') state.begun++;
        else if (msg.topic === 'closed') state.closed++;
        else if (msg.topic === 'error') state.errors++;
      }
    });
  }

  return {
    state,
    async setup() {
      runtime = await startNodeRed();
      installHooks(runtime.RED);
      if (variant === 'memo-i18n') memoizeTranslations();
    },
    async prepare() {
      await runtime.deploy(buildFlow({ url, sessions, apiKey, speechModel, variant }));
      sources = Array.from({ length: sessions }, (_, i) => runtime.getNode(`src-${i}`));
      const absent = sources.findIndex((node) => !node);
      if (absent >= 0) throw new Error(`source node src-${absent} did not start`);
      const transcriber = runtime.getNode('tr-0');
      if (!transcriber) throw new Error('transcriber tr-0 did not start');
    },
    open() {
      // auto policy: the first audio message opens the session.
    },
    frame(i, frame, due) {
      tracker.frameDue(i, due);
      sources[i].send({ payload: frame });
    },
    async stopAll(timeoutMs) {
      const target = state.begun;
      for (const source of sources) source.send({ action: 'stop' });
      const deadline = Date.now() + timeoutMs;
      while (state.closed < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async teardown() {
      if (runtime) await boundedAll([runtime.stop()], 20000);
    },
  };
}

module.exports = { createContender, buildFlow, FILTER_RULES, label: 'Node-RED: transcriber + turn filter (this package)' };
