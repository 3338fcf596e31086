// Admin endpoints for the editor, behind Node-RED's admin permissions:
//   POST /assemblyai-intent/try     { intents, lists, expansionRules, text? }
//        -> { problems: string[], match: msg.intent | null }  (the unsaved config)
//   POST /assemblyai-intent/import  { yaml } -> { config, language?, notes } | 400 { error }
import type { NodeAPI } from 'node-red';
import { HomeAssistantImportError, importHomeAssistantYaml } from '../../intent/home-assistant';
import { IntentMatcher } from '../../intent/intent-matcher';
import { IntentConfigError } from '../../intent/types';
import { translator } from '../kit';

export const TRY_PATH = '/assemblyai-intent/try';
export const IMPORT_PATH = '/assemblyai-intent/import';
export const WRITE_PERMISSION = 'assemblyai-intent.write';

/** Longest text the try box matches; a turn is a sentence or two. */
const MAX_TRY_TEXT = 2000;

type Body = Record<string, unknown>;

function bodyOf(req: { body?: unknown }): Body {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {};
}

export function tryConfig(body: Body): { problems: string[]; match: unknown } {
  let matcher: IntentMatcher;
  try {
    matcher = IntentMatcher.fromRaw({ intents: body.intents, lists: body.lists, expansionRules: body.expansionRules });
  } catch (err) {
    if (err instanceof IntentConfigError) return { problems: err.problems, match: null };
    throw err;
  }
  const text = typeof body.text === 'string' ? body.text.slice(0, MAX_TRY_TEXT) : '';
  return { problems: [], match: text.trim() ? (matcher.match(text) ?? null) : null };
}

export function registerIntentEndpoints(RED: NodeAPI): void {
  const permission = RED.auth.needsPermission(WRITE_PERMISSION);
  const t = translator(RED);
  RED.httpAdmin.post(TRY_PATH, permission, (req, res) => {
    try {
      res.json(tryConfig(bodyOf(req)));
    } catch (err) {
      res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
    }
  });
  RED.httpAdmin.post(IMPORT_PATH, permission, (req, res) => {
    const yaml = bodyOf(req).yaml;
    if (typeof yaml !== 'string') {
      res.status(400).json({ error: t('assemblyai-intent.errors.no-yaml') });
      return;
    }
    try {
      res.json(importHomeAssistantYaml(yaml));
    } catch (err) {
      const known = err instanceof HomeAssistantImportError;
      res.status(known ? 400 : 500).json({ error: err instanceof Error ? err.message : String(err) });
    }
  });
}
