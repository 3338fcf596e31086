// Status badges of the microphone node (text kept under 20 characters).
import type { NodeStatus } from 'node-red';
import { formatDbfs } from '../../audio/level';
import type { FaultKind } from '../../microphone/capture-loop';

import type { Translate } from '../kit';

export type { Translate };

export const statusStopped = (t: Translate): NodeStatus => ({
  fill: 'grey',
  shape: 'ring',
  text: t('assemblyai-microphone.status.stopped'),
});
export const statusStarting = (t: Translate): NodeStatus => ({
  fill: 'yellow',
  shape: 'ring',
  text: t('assemblyai-microphone.status.starting'),
});
export const statusMuted = (t: Translate): NodeStatus => ({ fill: 'grey', shape: 'dot', text: t('assemblyai-microphone.status.muted') });
export const statusCapturing = (t: Translate): NodeStatus => ({
  fill: 'green',
  shape: 'dot',
  text: t('assemblyai-microphone.status.capturing'),
});

export function statusLevel(t: Translate, dbfs: number): NodeStatus {
  const text = Number.isFinite(dbfs) ? formatDbfs(dbfs) : t('assemblyai-microphone.status.silence');
  return { fill: 'green', shape: 'dot', text };
}

const FAULT_KEYS: Record<FaultKind, string> = {
  'read-failed': 'assemblyai-microphone.status.stalled',
  'device-not-found': 'assemblyai-microphone.status.notFound',
  'open-failed': 'assemblyai-microphone.status.openFailed',
};

export function statusRetrying(t: Translate, kind: FaultKind, retryInMs: number): NodeStatus {
  const seconds = Math.max(1, Math.round(retryInMs / 1000));
  return { fill: 'yellow', shape: 'ring', text: t(FAULT_KEYS[kind], { seconds }) };
}

export const statusUnavailable = (t: Translate): NodeStatus => ({
  fill: 'red',
  shape: 'ring',
  text: t('assemblyai-microphone.status.unavailable'),
});
export const statusFailed = (t: Translate): NodeStatus => ({ fill: 'red', shape: 'ring', text: t('assemblyai-microphone.status.failed') });
export const statusInvalid = (t: Translate): NodeStatus => ({
  fill: 'red',
  shape: 'ring',
  text: t('assemblyai-microphone.status.invalid'),
});
