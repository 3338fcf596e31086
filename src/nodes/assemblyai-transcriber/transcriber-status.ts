// What the transcriber's status badge says for each session state. Pure: the
// caller passes a translate function (RED._) so texts come from the locale file.
import type { SessionPolicy, SessionState } from '../../session/types';

import type { StatusView, Translate } from '../kit';

export type NodeStatusView = StatusView;
export type { Translate };

/** The status key for a close code or HTTP status that ended a session for good. */
export function failureKey(code: number | undefined): string {
  switch (code) {
    case 401:
    case 403:
    case 1008:
      return 'assemblyai-transcriber.status.unauthorized';
    case 3009:
    case 429:
      return 'assemblyai-transcriber.status.tooManySessions';
    case 3006:
      return 'assemblyai-transcriber.status.invalidInput';
    case 3007:
      return 'assemblyai-transcriber.status.audioRejected';
    case 3005:
    case 1011:
      return 'assemblyai-transcriber.status.serverError';
    default:
      return 'assemblyai-transcriber.status.failed';
  }
}

export function statusForState(
  state: SessionState,
  detail: { retryInMs?: number; code?: number },
  policy: SessionPolicy,
  t: Translate,
  openOn: 'audio' | 'speech' = 'audio',
  /** A backlog being caught up: the audio that was waiting (ms). */
  backlogMs?: number,
): NodeStatusView {
  // Hearing speech says more than catching up, so it keeps its own status meanwhile.
  if (backlogMs !== undefined && state === 'listening') {
    return {
      fill: 'green',
      shape: 'ring',
      text: t('assemblyai-transcriber.status.catchingUp', { seconds: Math.max(1, Math.round(backlogMs / 1000)) }),
    };
  }
  switch (state) {
    case 'idle': {
      const key =
        policy !== 'auto'
          ? 'assemblyai-transcriber.status.idle'
          : openOn === 'speech'
            ? 'assemblyai-transcriber.status.idleSpeech'
            : 'assemblyai-transcriber.status.idleAuto';
      return { fill: 'grey', shape: 'ring', text: t(key) };
    }
    case 'connecting':
      return { fill: 'yellow', shape: 'ring', text: t('assemblyai-transcriber.status.connecting') };
    case 'listening':
      return { fill: 'green', shape: 'dot', text: t('assemblyai-transcriber.status.listening') };
    case 'speech':
      return { fill: 'blue', shape: 'dot', text: t('assemblyai-transcriber.status.speech') };
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((detail.retryInMs ?? 0) / 1000));
      return { fill: 'yellow', shape: 'ring', text: t('assemblyai-transcriber.status.reconnecting', { seconds }) };
    }
    case 'stopping':
      return { fill: 'yellow', shape: 'dot', text: t('assemblyai-transcriber.status.stopping') };
    case 'failed':
      if (detail.code === undefined) return { fill: 'red', shape: 'ring', text: t('assemblyai-transcriber.status.failedLocal') };
      return { fill: 'red', shape: 'ring', text: t(failureKey(detail.code), { code: detail.code }) };
    case 'closed':
      return { fill: 'grey', shape: 'ring', text: t('assemblyai-transcriber.status.closed') };
  }
}

/** A configuration problem found at deploy: the node cannot connect until it is fixed. */
const CONFIG_PROBLEM_KEYS = {
  missingKey: 'assemblyai-transcriber.status.missingKey',
  noAccount: 'assemblyai-transcriber.status.noAccount',
  invalidConfig: 'assemblyai-transcriber.status.invalidConfig',
} as const;

export function statusForConfigProblem(kind: keyof typeof CONFIG_PROBLEM_KEYS, t: Translate): NodeStatusView {
  return { fill: 'red', shape: 'ring', text: t(CONFIG_PROBLEM_KEYS[kind]) };
}
