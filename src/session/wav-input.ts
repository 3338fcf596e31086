// writeWav(): checks a WAV file against the session's format (adopting the
// file's while nothing is open), then streams its samples into the audio
// pipeline at the asked pace, one file after the other.
import { parseWav, WavFormatError } from '../audio/wav-parse';
import { bytesPerSample } from '../protocol/messages';
import type { AudioPipeline } from './audio-pipeline';
import type { Clock } from './clock';
import { checkSampleRate } from './options';
import { StreamingError, type AudioFormat } from './types';
import { FAST_PACE, WavStreamer } from './wav-streamer';

export function describeFormat(format: Partial<AudioFormat>): string {
  return `${format.sampleRate ?? '?'} Hz ${format.encoding ?? '?'}`;
}

export interface WavHost {
  readonly audio: AudioPipeline;
  /** Nothing open, pending or held: the format may still change. */
  canAdoptFormat(): boolean;
  acceptsAudio(): boolean;
  failed(): boolean;
  warn(message: string): void;
  /** A file started: open a connection if none is open or pending (auto). */
  fileStarted(): void;
}

export class WavInput {
  private chain: Promise<void> = Promise.resolve();
  private readonly streams = new Set<WavStreamer>();
  private pending = 0;

  constructor(
    private readonly host: WavHost,
    private readonly clock: Clock,
  ) {}

  /** A file is playing or waiting its turn. */
  get playing(): boolean {
    return this.pending > 0;
  }

  play(wav: Buffer, pace: 'realtime' | 'fast'): Promise<void> {
    const host = this.host;
    let parsed;
    try {
      parsed = parseWav(wav);
    } catch (error) {
      if (error instanceof WavFormatError) throw new StreamingError(`Unsupported WAV file: ${error.message}.`);
      throw error;
    }
    const fileFormat: AudioFormat = { sampleRate: parsed.sampleRate, encoding: parsed.encoding };
    const format = host.audio.audioFormat;
    if (fileFormat.sampleRate !== format.sampleRate || fileFormat.encoding !== format.encoding) {
      if (!host.canAdoptFormat()) {
        throw new StreamingError(
          `The WAV file is ${describeFormat(fileFormat)} but the open session streams ${describeFormat(format)}. ` +
            'Stop the session first, or convert the file.',
        );
      }
      try {
        checkSampleRate(fileFormat.sampleRate);
      } catch (error) {
        throw new StreamingError(`Unsupported WAV file: ${(error as Error).message}.`);
      }
      host.audio.applyFormat(fileFormat);
    }
    if (!host.acceptsAudio()) {
      throw new StreamingError(
        host.failed()
          ? 'The session has failed; call start() before sending audio.'
          : 'The session is not started; call start() before sending audio.',
      );
    }
    for (const warning of parsed.warnings) host.warn(`WAV file: ${warning}`);
    if (parsed.data.length === 0) return Promise.resolve();

    const audio = host.audio;
    const sampleBytes = bytesPerSample(parsed.encoding);
    const bytesPerSecond = parsed.sampleRate * sampleBytes;
    const rate = pace === 'fast' ? FAST_PACE : 1;
    const target = {
      isReady: () => audio.maySendNow(),
      push: (chunk: Buffer) => audio.take(chunk),
      touch: () => audio.touch(),
      finish: () => audio.flushFragment(),
    };
    const streamer = new WavStreamer(parsed.data, bytesPerSecond, sampleBytes, rate, audio.frameBytes, target, this.clock);
    this.pending++;
    audio.openGate();
    this.streams.add(streamer);
    const run = this.chain.then(() => streamer.run());
    this.chain = run.finally(() => {
      this.pending--;
      this.streams.delete(streamer);
    });
    audio.touch();
    host.fileStarted();
    return this.chain;
  }

  cancel(): void {
    for (const streamer of this.streams) streamer.cancel();
  }
}
