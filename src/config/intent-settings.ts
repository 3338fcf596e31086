// Reads the intent node's own settings (its templates, lists and rules are
// read and checked by src/intent). Blank means the default, as in the editor
// (INTENT_FIELDS in node-fields.ts); an unknown stage is a problem, not a
// silent fallback, so a hand-written flow with a typo says so at deploy. Pure.
import { INTENT_STAGES, type IntentStage } from '../intent/turn-text';
import { isBlank } from './field-values';

export interface IntentSettings {
  stage: IntentStage;
  /** Empty when the settings are usable. */
  problems: string[];
}

export const DEFAULT_INTENT_STAGE: IntentStage = 'final';

export function readIntentSettings(def: { stage?: unknown }): IntentSettings {
  if (isBlank(def.stage)) return { stage: DEFAULT_INTENT_STAGE, problems: [] };
  if (INTENT_STAGES.includes(def.stage as IntentStage)) return { stage: def.stage as IntentStage, problems: [] };
  return { stage: DEFAULT_INTENT_STAGE, problems: [`unknown stage "${String(def.stage)}": use ${INTENT_STAGES.join(' or ')}`] };
}
