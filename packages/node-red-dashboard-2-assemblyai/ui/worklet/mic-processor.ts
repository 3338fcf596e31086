// AudioWorklet processor: runs on the audio thread, turns each 128-sample
// render block into 16 kHz s16le frames and posts every full frame (with its
// level) to the page. Muted frames post only their level: nothing is sent.
import { CapturePipeline } from '../audio/capture-pipeline';

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}

export const PROCESSOR_NAME = 'assemblyai-mic-processor';

interface ProcessorOptions {
  processorOptions?: { frameMs?: number };
}

class MicProcessor extends AudioWorkletProcessor {
  private readonly pipeline: CapturePipeline;
  private muted = false;

  constructor(options?: ProcessorOptions) {
    super(options);
    this.pipeline = new CapturePipeline(sampleRate, options?.processorOptions?.frameMs ?? 100);
    this.port.onmessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; muted?: boolean } | undefined;
      if (data?.type === 'mute') this.muted = data.muted === true;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    if (input && input.length > 0 && input[0].length > 0) {
      for (const frame of this.pipeline.push(input)) {
        if (this.muted) {
          this.port.postMessage({ type: 'level', levelDb: frame.levelDb });
        } else {
          const buffer = frame.samples.buffer as ArrayBuffer;
          this.port.postMessage({ type: 'frame', samples: buffer, levelDb: frame.levelDb }, [buffer]);
        }
      }
    }
    return true;
  }
}

registerProcessor(PROCESSOR_NAME, MicProcessor);
