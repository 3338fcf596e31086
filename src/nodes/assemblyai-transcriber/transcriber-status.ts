// What the transcriber's status badge says for each session state. Pure: the
// caller passes a translate function (RED._) so texts come from the locale file.
import type { SessionPolicy, SessionState } from '../../session/types';

export interface NodeStatusView {
  fill: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape: 'ring' | 'dot';
  text: string;
}

export type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

const PREFIX = 'assemblyai-transcriber.status.';

/** A short label for a close code or HTTP status that ended a session for good. */
export function failureKey(code: number | undefined): string {
  switch (code) {
    case 401:
    case 403:
    case 1008:
      return 'unauthorized';
    case 3009:
    case 429:
      return 'tooManySessions';
    case 3006:
      return 'invalidInput';
    case 3007:
      return 'audioRejected';
    case 3005:
    case 1011:
      return 'serverError';
    default:
      return 'failed';
  }
}

export function statusForState(
  state: SessionState,
  detail: { retryInMs?: number; code?: number },
  policy: SessionPolicy,
  t: Translate,
  openOn: 'audio' | 'speech' = 'audio',
): NodeStatusView {
  switch (state) {
    case 'idle': {
      const key = policy !== 'auto' ? 'idle' : openOn === 'speech' ? 'idleSpeech' : 'idleAuto';
      return { fill: 'grey', shape: 'ring', text: t(PREFIX + key) };
    }
    case 'connecting':
      return { fill: 'yellow', shape: 'ring', text: t(PREFIX + 'connecting') };
    case 'listening':
      return { fill: 'green', shape: 'dot', text: t(PREFIX + 'listening') };
    case 'speech':
      return { fill: 'blue', shape: 'dot', text: t(PREFIX + 'speech') };
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((detail.retryInMs ?? 0) / 1000));
      return { fill: 'yellow', shape: 'ring', text: t(PREFIX + 'reconnecting', { seconds }) };
    }
    case 'stopping':
      return { fill: 'yellow', shape: 'dot', text: t(PREFIX + 'stopping') };
    case 'failed':
      if (detail.code === undefined) return { fill: 'red', shape: 'ring', text: t(PREFIX + 'failedLocal') };
      return { fill: 'red', shape: 'ring', text: t(PREFIX + failureKey(detail.code), { code: detail.code }) };
    case 'closed':
      return { fill: 'grey', shape: 'ring', text: t(PREFIX + 'closed') };
  }
}

/** A configuration problem found at deploy: the node cannot connect until it is fixed. */
export function statusForConfigProblem(kind: 'missingKey' | 'noAccount' | 'invalidConfig', t: Translate): NodeStatusView {
  return { fill: 'red', shape: 'ring', text: t(PREFIX + kind) };
}
