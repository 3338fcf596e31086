// The node's editor properties, checked and converted once at deploy.
import { CAPTURE_SAMPLE_RATE } from '../../microphone/recorder';
import { MICROPHONE_FRAME_MS } from '../../config/node-fields';
import { DEFAULT_DEVICE } from '../../microphone/devices';

export interface MicrophoneNodeProperties {
  device?: string;
  frameMs?: number | string;
  startOnDeploy?: boolean;
  record?: boolean;
  recordPath?: string;
}

export interface MicrophoneSettings {
  deviceName: string;
  frameMs: number;
  frameLength: number;
  startOnDeploy: boolean;
  record: boolean;
  recordPath: string;
}

export const MIN_FRAME_MS = MICROPHONE_FRAME_MS.min;
export const MAX_FRAME_MS = MICROPHONE_FRAME_MS.max;
export const DEFAULT_FRAME_MS = MICROPHONE_FRAME_MS.default;

/** A property the node cannot run with; `key` names the text in the locale file. */
export class MicrophoneSettingsError extends RangeError {
  constructor(
    readonly key: string,
    readonly substitutions: Record<string, string | number>,
  ) {
    super(key);
    this.name = 'MicrophoneSettingsError';
  }
}

export function parseMicrophoneSettings(props: MicrophoneNodeProperties): MicrophoneSettings {
  const rawFrameMs = props.frameMs === undefined || props.frameMs === '' ? DEFAULT_FRAME_MS : Number(props.frameMs);
  if (!Number.isInteger(rawFrameMs) || rawFrameMs < MIN_FRAME_MS || rawFrameMs > MAX_FRAME_MS) {
    throw new MicrophoneSettingsError('assemblyai-microphone.errors.frameMs', {
      min: MIN_FRAME_MS,
      max: MAX_FRAME_MS,
      value: String(props.frameMs),
    });
  }
  const device = typeof props.device === 'string' && props.device.trim() !== '' ? props.device : DEFAULT_DEVICE;
  return {
    deviceName: device,
    frameMs: rawFrameMs,
    frameLength: (rawFrameMs * CAPTURE_SAMPLE_RATE) / 1000,
    startOnDeploy: props.startOnDeploy === true,
    record: props.record === true,
    recordPath: typeof props.recordPath === 'string' ? props.recordPath : '',
  };
}
