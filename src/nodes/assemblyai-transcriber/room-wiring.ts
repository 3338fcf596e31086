// The transcriber's room features for one node at deploy: the speech gate
// it chose (the neural model loading in the background, a warning once when it
// cannot) and the extras (mute, billed time, price from the account).
import type { Node } from 'node-red';
import type { TranscriberSettings } from '../../config/transcriber-settings';
import type { GateFactory } from '../../session/gate-factory';
import type { Translate } from '../kit';
import type { AccountNode } from '../assemblyai-account/account-node';
import { chooseGate } from './speech-gate-choice';
import { TranscriberExtras } from './transcriber-extras';

export interface RoomWiring {
  gateFactory: GateFactory | undefined;
  extras: TranscriberExtras;
}

function priceOf(account: unknown): { perHour: number; currency: string } | undefined {
  const lookup = (account as Partial<AccountNode> | undefined)?.lookupPrice;
  return typeof lookup === 'function' ? lookup.call(account) : undefined;
}

export function roomExtras(node: Node, s: TranscriberSettings, account: unknown, t: Translate): RoomWiring {
  const extras = new TranscriberExtras({ muteAfterTurnMs: s.muteAfterTurnMs, price: priceOf(account) });
  const gated = s.policy === 'auto' && s.openOn === 'speech';
  if (!gated) return { gateFactory: undefined, extras };
  const choice = chooseGate(s.speechGate, {
    loading: () => {
      extras.gateState = 'loading';
    },
    ready: () => {
      extras.gateState = 'neural';
      extras.redraw();
    },
    unavailable: (error) => {
      extras.gateState = 'fallback';
      node.warn(t('assemblyai-transcriber.warnings.neuralUnavailable', { detail: error.message }));
      extras.redraw();
    },
    failed: (error) => node.warn(t('assemblyai-transcriber.warnings.neuralFailed', { detail: error.message })),
  });
  return { gateFactory: choice.factory, extras };
}
