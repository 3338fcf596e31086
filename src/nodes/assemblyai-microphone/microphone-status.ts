// Status badges of the microphone node (text kept under 20 characters).
import type { NodeStatus } from 'node-red';
import { formatDbfs } from '../../audio/level';
import type { FaultKind } from '../../microphone/capture-loop';

export type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

const KEY = 'assemblyai-microphone.status.';

export const statusStopped = (t: Translate): NodeStatus => ({ fill: 'grey', shape: 'ring', text: t(`${KEY}stopped`) });
export const statusStarting = (t: Translate): NodeStatus => ({ fill: 'yellow', shape: 'ring', text: t(`${KEY}starting`) });
export const statusCapturing = (t: Translate): NodeStatus => ({ fill: 'green', shape: 'dot', text: t(`${KEY}capturing`) });

export function statusLevel(t: Translate, dbfs: number): NodeStatus {
  const text = Number.isFinite(dbfs) ? formatDbfs(dbfs) : t(`${KEY}silence`);
  return { fill: 'green', shape: 'dot', text };
}

const FAULT_KEYS: Record<FaultKind, string> = {
  'read-failed': 'stalled',
  'device-not-found': 'notFound',
  'open-failed': 'openFailed',
};

export function statusRetrying(t: Translate, kind: FaultKind, retryInMs: number): NodeStatus {
  const seconds = Math.max(1, Math.round(retryInMs / 1000));
  return { fill: 'yellow', shape: 'ring', text: t(`${KEY}${FAULT_KEYS[kind]}`, { seconds }) };
}

export const statusUnavailable = (t: Translate): NodeStatus => ({ fill: 'red', shape: 'ring', text: t(`${KEY}unavailable`) });
export const statusFailed = (t: Translate): NodeStatus => ({ fill: 'red', shape: 'ring', text: t(`${KEY}failed`) });
export const statusInvalid = (t: Translate): NodeStatus => ({ fill: 'red', shape: 'ring', text: t(`${KEY}invalid`) });
