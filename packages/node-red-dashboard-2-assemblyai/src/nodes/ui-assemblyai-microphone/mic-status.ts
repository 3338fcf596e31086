// One status line for a microphone widget node from the states of its browsers.
import type { StatusView, Translate } from '../../kit';
import type { MicClient } from './mic-clients';

export function micStatus(clients: MicClient[], t: Translate): StatusView {
  const withError = clients.filter((c) => c.state === 'error');
  const live = clients.filter((c) => c.state === 'live').length;
  const muted = clients.filter((c) => c.state === 'muted').length;
  const reconnecting = clients.filter((c) => c.state === 'reconnecting').length;
  const parts: string[] = [];
  if (live) parts.push(t('ui-assemblyai-microphone.status.live', { number: live }));
  if (muted) parts.push(t('ui-assemblyai-microphone.status.muted', { number: muted }));
  if (reconnecting) parts.push(t('ui-assemblyai-microphone.status.reconnecting', { number: reconnecting }));
  if (withError.length) {
    const error = withError[withError.length - 1].error;
    const code = error?.code ?? t('ui-assemblyai-microphone.status.unknownError');
    parts.push(t('ui-assemblyai-microphone.status.error', { number: withError.length, code }));
    return { fill: 'red', shape: 'ring', text: parts.join(', ') };
  }
  if (live) return { fill: 'green', shape: 'dot', text: parts.join(', ') };
  if (muted || reconnecting) return { fill: 'yellow', shape: 'ring', text: parts.join(', ') };
  const idle = clients.length
    ? t('ui-assemblyai-microphone.status.pagesOff', { number: clients.length })
    : t('ui-assemblyai-microphone.status.waiting');
  return { fill: 'grey', shape: 'ring', text: idle };
}
