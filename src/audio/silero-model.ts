// Silero VAD v5 on ONNX Runtime's WebAssembly build (onnxruntime-web), which
// runs in Node with no native code and no install step, so a plain npm install
// fetches nothing outside the npm registry. The model file comes from the
// @ricky0123/vad-web package. Both are optional dependencies: when they are
// missing, loading says so and what to do.
//
// One model is loaded per process and shared by every stream: the recurrent
// state is an input and an output of each call, so streams keep their own,
// and the calls are run one at a time (the WebAssembly runtime is
// single-threaded; numThreads is set to 1 so it starts no worker threads).
import { readFile } from 'node:fs/promises';

export const SILERO_SAMPLE_RATE = 16000;
/** New samples per call at 16 kHz (32 ms), and the samples of the previous window prepended to them. */
export const SILERO_WINDOW_SAMPLES = 512;
export const SILERO_CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

export const RUNTIME_PACKAGE = 'onnxruntime-web';
export const MODEL_PACKAGE = '@ricky0123/vad-web';
const MODEL_FILE = `${MODEL_PACKAGE}/dist/silero_vad_v5.onnx`;

export class VoiceModelUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `The neural speech gate cannot start: ${reason}. It needs the optional packages ${RUNTIME_PACKAGE} and ${MODEL_PACKAGE}; ` +
        'install them (npm install without --omit=optional), or choose the adaptive gate.',
    );
    this.name = 'VoiceModelUnavailableError';
  }
}

// The few parts of onnxruntime-web used here, typed structurally so this file
// compiles without the optional package.
interface OrtTensor {
  readonly data: unknown;
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface OrtModule {
  env: { wasm: { numThreads?: number }; logLevel?: string };
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: string, data: Float32Array | BigInt64Array, dims: number[]) => OrtTensor;
}

/** A stream's recurrent state and context; start one per stream with newStream(). */
export interface SileroStream {
  state: OrtTensor;
  context: Float32Array;
}

export class SileroModel {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sampleRateTensor: OrtTensor;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
  ) {
    this.sampleRateTensor = new ort.Tensor('int64', BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]), []);
  }

  newStream(): SileroStream {
    return {
      state: new this.ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]),
      context: new Float32Array(SILERO_CONTEXT_SAMPLES),
    };
  }

  /** Moves a stream past a window that is not rated (its last samples are the next window's context). */
  skip(stream: SileroStream, samples: Float32Array): void {
    stream.context = samples.slice(samples.length - SILERO_CONTEXT_SAMPLES);
  }

  /** Speech probability (0-1) of 512 new samples at 16 kHz; calls from all streams run in order. */
  probability(stream: SileroStream, samples: Float32Array): Promise<number> {
    if (samples.length !== SILERO_WINDOW_SAMPLES)
      throw new RangeError(`a window is ${SILERO_WINDOW_SAMPLES} samples, got ${samples.length}`);
    const input = new Float32Array(SILERO_CONTEXT_SAMPLES + SILERO_WINDOW_SAMPLES);
    input.set(stream.context, 0);
    input.set(samples, SILERO_CONTEXT_SAMPLES);
    stream.context = input.slice(SILERO_WINDOW_SAMPLES);
    const run = this.queue.then(async () => {
      const feeds = { input: new this.ort.Tensor('float32', input, [1, input.length]), state: stream.state, sr: this.sampleRateTensor };
      const out = await this.session.run(feeds);
      stream.state = out.stateN;
      return (out.output.data as Float32Array)[0];
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

let shared: Promise<SileroModel> | undefined;

/** The process's Silero model, loaded on first use; rejects with VoiceModelUnavailableError when the packages are missing. */
export function loadSileroModel(): Promise<SileroModel> {
  if (shared === undefined) {
    shared = load();
    shared.catch(() => {
      shared = undefined; // a later call may try again (e.g. after installing)
    });
  }
  return shared;
}

async function load(): Promise<SileroModel> {
  let ort: OrtModule;
  let modelPath: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional package, looked up only when the gate starts
    ort = require(RUNTIME_PACKAGE) as OrtModule;
  } catch (error) {
    throw new VoiceModelUnavailableError(`${RUNTIME_PACKAGE} could not be loaded (${(error as Error).message.split('\n')[0]})`);
  }
  try {
    modelPath = require.resolve(MODEL_FILE);
  } catch {
    throw new VoiceModelUnavailableError(`the model file ${MODEL_FILE} is missing`);
  }
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  try {
    const model = await readFile(modelPath);
    const session = await ort.InferenceSession.create(new Uint8Array(model.buffer, model.byteOffset, model.length), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    return new SileroModel(ort, session);
  } catch (error) {
    throw new VoiceModelUnavailableError(`the model did not load (${(error as Error).message})`);
  }
}
