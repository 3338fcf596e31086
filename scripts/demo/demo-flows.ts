// The flows `npm start` deploys: one for the simulator (the bundled WAV on a
// loop) and one for the live service (the microphone). Values that change per
// start (simulator URL and key, WAV path) are ${ENV} references, so the flow
// files stay the same and a newcomer's edits survive a restart.

export type DemoMode = 'live' | 'simulator';

export interface FlowNode {
  id: string;
  type: string;
  [property: string]: unknown;
}

export interface DemoFlow {
  mode: DemoMode;
  flows: FlowNode[];
  /** flows_cred.json content, by node id: only ${ENV} references, never a key. */
  credentials: Record<string, Record<string, string>>;
}

/** Environment variables the flows read. */
export const DemoEnv = {
  apiKey: 'ASSEMBLYAI_API_KEY',
  simulatorUrl: 'ASSEMBLYAI_SIM_URL',
  simulatorKey: 'ASSEMBLYAI_SIM_KEY',
  wav: 'DEMO_WAV',
} as const;

const ref = (name: string) => '${' + name + '}';

const accountDefaults = {
  region: 'edge',
  customUrl: '',
  caCert: '',
  allowSelfSigned: false,
  useTemporaryTokens: false,
  tokenExpiresIn: 60,
  tokenMaxSessionSeconds: '',
  pricePerHour: '',
  currency: '',
};

function transcriber(id: string, z: string, account: string, idleSeconds: number, x: number, y: number, wires: string[][]): FlowNode {
  return {
    id,
    type: 'assemblyai-transcriber',
    z,
    name: 'transcriber',
    account,
    speechModel: 'universal-streaming-english',
    sampleRate: 16000,
    encoding: 'pcm_s16le',
    frameMs: 50,
    formatTurns: 'true',
    endOfTurnConfidenceThreshold: '',
    minTurnSilence: '',
    maxTurnSilence: '',
    vadThreshold: '',
    keyterms: '',
    prompt: '',
    languageDetection: '',
    languageCodes: '',
    speakerLabels: '',
    maxSpeakers: '',
    inactivityTimeout: '',
    mode: '',
    extraParams: '',
    policy: 'auto',
    idleSeconds,
    openOn: 'speech',
    speechThresholdDbfs: '',
    preRollMs: '',
    wavPace: 'realtime',
    turnUpdates: 'all',
    streamKey: '',
    maxStreams: 10,
    speechGate: 'neural',
    muteAfterTurnMs: 0,
    maxSendRate: '',
    x,
    y,
    wires,
  };
}

/** Routes final turns like a switch node: "turn on ...", "turn off ...", anything else. */
function commandFilter(id: string, z: string, x: number, y: number, wires: string[][]): FlowNode {
  return {
    id,
    type: 'assemblyai-turn-filter',
    z,
    name: 'route commands',
    stage: 'final',
    rules: [
      { type: 'phrase', value: 'turn on', threshold: '', cooldown: '', label: 'turn on' },
      { type: 'phrase', value: 'turn off', threshold: '', cooldown: '', label: 'turn off' },
    ],
    checkAll: 'false',
    otherwise: true,
    textMode: 'normalized',
    wakeWord: '',
    wakeMode: 'open',
    wakeWindow: 8,
    wakeThreshold: 0.8,
    minConfidence: 0,
    speakers: '',
    minWords: 0,
    maxWords: 0,
    outputs: 3,
    x,
    y,
    wires,
  };
}

/** Debug nodes for the three outputs of commandFilter, in a column at x. */
function commandDebugs(prefix: string, z: string, x: number, y: number): FlowNode[] {
  return [
    debug(`${prefix}-on`, z, 'command: turn on', x, y),
    debug(`${prefix}-off`, z, 'command: turn off', x, y + 40),
    debug(`${prefix}-other`, z, 'any other turn', x - 10, y + 80),
  ];
}

function debug(id: string, z: string, name: string, x: number, y: number, options: Partial<FlowNode> = {}): FlowNode {
  return {
    id,
    type: 'debug',
    z,
    name,
    active: true,
    tosidebar: true,
    console: false,
    tostatus: false,
    complete: 'payload',
    targetType: 'msg',
    statusVal: '',
    statusType: 'auto',
    x,
    y,
    wires: [],
    ...options,
  };
}

export function simulatorDemoFlow(): DemoFlow {
  const z = 'demo-sim-tab';
  const account = 'demo-sim-account';
  return {
    mode: 'simulator',
    flows: [
      { id: z, type: 'tab', label: 'AssemblyAI demo (simulator)', disabled: false, info: '' },
      {
        id: 'demo-sim-comment',
        type: 'comment',
        z,
        name: 'Offline demo: a recorded sample, transcribed by the local simulator (double-click for details)',
        info:
          'This flow runs without an API key and without network.\n\n' +
          'Every 25 s the inject node reads `assets/demo-speech.wav` (14 s of 16 kHz mono 16-bit PCM, four spoken ' +
          'commands) and the transcriber streams it in real time to the **local AssemblyAI simulator** that `npm start` runs. ' +
          'Its session policy is "auto": a session opens on the first audio and ends 5 s after the audio stops, ' +
          'so each play is one session (AssemblyAI bills the time a session is open). ' +
          "The simulator speaks the v3 protocol but recognises no speech: its turns read the sample's script.\n\n" +
          'Open the debug sidebar: the turn filter routes each final turn to "command: turn on", ' +
          '"command: turn off" or "any other turn", like a switch node for speech; "session events" shows the ' +
          'transcriber\'s second output (begin, termination, errors). "all turn messages" is switched off: ' +
          'click the button on its right to see every msg.turn, partial results included.\n\n' +
          'To transcribe your microphone with AssemblyAI, stop `npm start` (Ctrl+C) and start it again with ' +
          '`ASSEMBLYAI_API_KEY=<your key> npm start`.',
        x: 400,
        y: 40,
        wires: [],
      },
      {
        id: 'demo-sim-inject',
        type: 'inject',
        z,
        name: 'play every 25 s',
        props: [],
        repeat: '25',
        crontab: '',
        once: true,
        onceDelay: '1',
        topic: '',
        x: 130,
        y: 120,
        wires: [['demo-sim-file']],
      },
      {
        id: 'demo-sim-file',
        type: 'file in',
        z,
        name: 'demo-speech.wav',
        filename: DemoEnv.wav,
        filenameType: 'env',
        format: '',
        chunk: false,
        sendError: false,
        encoding: 'none',
        allProps: false,
        x: 320,
        y: 120,
        wires: [['demo-sim-transcriber']],
      },
      transcriber('demo-sim-transcriber', z, account, 5, 510, 120, [['demo-sim-filter', 'demo-sim-all-turns'], ['demo-sim-events']]),
      commandFilter('demo-sim-filter', z, 700, 120, [['demo-sim-cmd-on'], ['demo-sim-cmd-off'], ['demo-sim-cmd-other']]),
      ...commandDebugs('demo-sim-cmd', z, 920, 80),
      debug('demo-sim-all-turns', z, 'all turn messages', 710, 220, { active: false, complete: 'turn' }),
      debug('demo-sim-events', z, 'session events', 700, 270, { complete: 'true' }),
      {
        id: account,
        type: 'assemblyai-account',
        name: 'local simulator (demo)',
        ...accountDefaults,
        region: 'custom',
        customUrl: ref(DemoEnv.simulatorUrl),
      },
    ],
    credentials: { [account]: { apiKey: ref(DemoEnv.simulatorKey) } },
  };
}

export function liveDemoFlow(): DemoFlow {
  const z = 'demo-live-tab';
  const account = 'demo-live-account';
  return {
    mode: 'live',
    flows: [
      { id: z, type: 'tab', label: 'AssemblyAI demo (microphone)', disabled: false, info: '' },
      {
        id: 'demo-live-comment',
        type: 'comment',
        z,
        name: 'Live demo: your microphone, transcribed by AssemblyAI',
        info:
          'The microphone node captures the default input device (16 kHz mono 16-bit PCM) and the transcriber ' +
          'streams it to AssemblyAI with the key from the `ASSEMBLYAI_API_KEY` environment variable.\n\n' +
          'Speak, then watch the debug sidebar. AssemblyAI bills the time a session is open, so the microphone ' +
          'listens for 5 minutes after each start (the trigger node sends "stop"), and the transcriber ends the ' +
          'session 10 s after the audio stops. Click the button of "start listening" to listen again.\n\n' +
          'Without a key, `npm start` runs an offline demo with a local simulator instead.',
        x: 330,
        y: 40,
        wires: [],
      },
      {
        id: 'demo-live-start',
        type: 'inject',
        z,
        name: 'start listening',
        props: [{ p: 'payload' }],
        payload: 'start',
        payloadType: 'str',
        repeat: '',
        crontab: '',
        once: true,
        onceDelay: '1',
        topic: '',
        x: 130,
        y: 100,
        wires: [['demo-live-mic', 'demo-live-timer']],
      },
      {
        id: 'demo-live-timer',
        type: 'trigger',
        z,
        name: 'stop after 5 min',
        op1: '',
        op2: 'stop',
        op1type: 'nul',
        op2type: 'str',
        duration: '5',
        extend: true,
        overrideDelay: false,
        units: 'min',
        reset: '',
        bytopic: 'all',
        topic: 'topic',
        outputs: 1,
        x: 140,
        y: 220,
        wires: [['demo-live-mic']],
      },
      {
        id: 'demo-live-stop',
        type: 'inject',
        z,
        name: 'stop listening',
        props: [{ p: 'payload' }],
        payload: 'stop',
        payloadType: 'str',
        repeat: '',
        crontab: '',
        once: false,
        onceDelay: '0.1',
        topic: '',
        x: 130,
        y: 160,
        wires: [['demo-live-mic']],
      },
      {
        id: 'demo-live-mic',
        type: 'assemblyai-microphone',
        z,
        name: '',
        device: 'default',
        frameMs: 50,
        startOnDeploy: false,
        record: false,
        recordPath: '',
        x: 330,
        y: 130,
        wires: [['demo-live-transcriber'], []],
      },
      transcriber('demo-live-transcriber', z, account, 10, 510, 130, [['demo-live-filter', 'demo-live-all-turns'], ['demo-live-events']]),
      commandFilter('demo-live-filter', z, 700, 130, [['demo-live-cmd-on'], ['demo-live-cmd-off'], ['demo-live-cmd-other']]),
      ...commandDebugs('demo-live-cmd', z, 920, 90),
      debug('demo-live-all-turns', z, 'all turn messages', 710, 230, { active: false, complete: 'turn' }),
      debug('demo-live-events', z, 'session events', 700, 280, { complete: 'true' }),
      { id: account, type: 'assemblyai-account', name: 'AssemblyAI (key from ASSEMBLYAI_API_KEY)', ...accountDefaults },
    ],
    credentials: { [account]: { apiKey: ref(DemoEnv.apiKey) } },
  };
}
