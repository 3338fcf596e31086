// What the turn filter's status shows after a message: what it did last, in
// under 20 characters where the rule label allows. Texts come from the locale.
import type { NodeStatus } from 'node-red';
import type { FilterResult } from '../../filter/turn-filter';

export type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

/** Rule labels are cut so "matched: <label>" stays short. */
const LABEL_ROOM = 11;

export function shortLabel(label: string): string {
  const chars = Array.from(label);
  return chars.length <= LABEL_ROOM ? label : `${chars.slice(0, LABEL_ROOM - 1).join('')}…`;
}

/** The status after `result`, or undefined to leave the status as it is. */
export function statusFor(result: FilterResult, t: Translate, armedForMs: number): NodeStatus | undefined {
  if (result.errors.length > 0 && result.sends.length === 0) {
    return { fill: 'red', shape: 'ring', text: t('status.regex-timeout') };
  }
  switch (result.outcome) {
    case 'matched':
      return { fill: 'green', shape: 'dot', text: t('status.matched', { rule: shortLabel(result.rule ?? '') }) };
    case 'otherwise':
      return { fill: 'blue', shape: 'dot', text: t('status.otherwise') };
    case 'no-match':
      return { fill: 'grey', shape: 'ring', text: t('status.no-match') };
    case 'cooldown':
      return { fill: 'yellow', shape: 'ring', text: t('status.cooldown', { rule: shortLabel(result.rule ?? '') }) };
    case 'armed':
      return { fill: 'blue', shape: 'ring', text: t('status.armed', { seconds: Math.ceil(armedForMs / 1000) }) };
    case 'dropped':
      return { fill: 'grey', shape: 'ring', text: t(`status.dropped-${result.reason ?? 'unknown'}`) };
    case 'ignored':
    case 'waiting':
    case 'repeat':
      return undefined;
  }
}
