// What the turn filter's status shows after a message: what it did last, in
// under 20 characters where the rule label allows. Texts come from the locale.
import type { DropReason } from '../../filter/guards';
import type { FilterResult } from '../../filter/turn-filter';
import type { StatusView, Translate } from '../kit';

export type { Translate };

/** Rule labels are cut so "matched: <label>" stays short. */
const LABEL_ROOM = 11;

export function shortLabel(label: string): string {
  const chars = Array.from(label);
  return chars.length <= LABEL_ROOM ? label : `${chars.slice(0, LABEL_ROOM - 1).join('')}…`;
}

const DROPPED_KEYS: Record<DropReason | 'unknown', string> = {
  confidence: 'assemblyai-turn-filter.status.dropped-confidence',
  speaker: 'assemblyai-turn-filter.status.dropped-speaker',
  'min-words': 'assemblyai-turn-filter.status.dropped-min-words',
  'max-words': 'assemblyai-turn-filter.status.dropped-max-words',
  'no-wake-word': 'assemblyai-turn-filter.status.dropped-no-wake-word',
  unknown: 'assemblyai-turn-filter.status.dropped-unknown',
};

/** The status after `result`, or undefined to leave the status as it is. */
export function statusFor(result: FilterResult, t: Translate, armedForMs: number): StatusView | undefined {
  if (result.errors.length > 0 && result.sends.length === 0) {
    return { fill: 'red', shape: 'ring', text: t('assemblyai-turn-filter.status.regex-timeout') };
  }
  switch (result.outcome) {
    case 'matched':
      return { fill: 'green', shape: 'dot', text: t('assemblyai-turn-filter.status.matched', { rule: shortLabel(result.rule ?? '') }) };
    case 'otherwise':
      return { fill: 'blue', shape: 'dot', text: t('assemblyai-turn-filter.status.otherwise') };
    case 'no-match':
      return { fill: 'grey', shape: 'ring', text: t('assemblyai-turn-filter.status.no-match') };
    case 'cooldown':
      return { fill: 'yellow', shape: 'ring', text: t('assemblyai-turn-filter.status.cooldown', { rule: shortLabel(result.rule ?? '') }) };
    case 'armed':
      return { fill: 'blue', shape: 'ring', text: t('assemblyai-turn-filter.status.armed', { seconds: Math.ceil(armedForMs / 1000) }) };
    case 'dropped':
      return { fill: 'grey', shape: 'ring', text: t(DROPPED_KEYS[result.reason ?? 'unknown']) };
    case 'ignored':
    case 'waiting':
    case 'repeat':
      return undefined;
  }
}
