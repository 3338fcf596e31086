// The intent node: matches final turns (msg.turn from the transcriber, or a
// string payload) against sentence templates with slot lists and sends
// msg.intent on output 1, turns that matched nothing on output 2. The
// matching is src/intent; this file translates config, messages and status.
// It holds nothing to close (no timers, sockets or sessions).
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { readIntentSettings } from '../../config/intent-settings';
import { IntentMatcher } from '../../intent/intent-matcher';
import { IntentInputError, turnText } from '../../intent/turn-text';
import { IntentConfigError } from '../../intent/types';
import { failInput, reportError, setStatus, toError, translator } from '../kit';
import { registerIntentEndpoints } from './intent-endpoints';

interface IntentNodeDef extends NodeDef {
  intents?: unknown;
  lists?: unknown;
  expansionRules?: unknown;
  stage?: unknown;
}

/** Intent names are cut so the status stays short. */
const NAME_ROOM = 16;

function shortName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= NAME_ROOM ? name : `${chars.slice(0, NAME_ROOM - 1).join('')}…`;
}

/** The matcher for the node's config, or every problem found in it. */
function buildMatcher(def: IntentNodeDef): { matcher: IntentMatcher; problems: [] } | { matcher?: undefined; problems: string[] } {
  const settings = readIntentSettings(def);
  try {
    const matcher = IntentMatcher.fromRaw({ intents: def.intents, lists: def.lists, expansionRules: def.expansionRules });
    return settings.problems.length > 0 ? { problems: settings.problems } : { matcher, problems: [] };
  } catch (err) {
    const found = err instanceof IntentConfigError ? err.problems : [toError(err).message];
    return { problems: [...settings.problems, ...found] };
  }
}

export = function registerIntent(RED: NodeAPI): void {
  function AssemblyAIIntentNode(this: Node, def: IntentNodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const t = translator(RED);
    const { stage } = readIntentSettings(def);
    const { matcher, problems } = buildMatcher(def);

    // The detail is kept out of the translation so it reads the same in every language.
    const configProblem = matcher ? '' : t('assemblyai-intent.errors.invalid-config', { detail: problems.join('; ') });
    if (!matcher) reportError(node, configProblem, t('assemblyai-intent.status.invalid-config'));

    node.on('input', (msg: NodeMessageInFlow, send, done) => {
      if (!matcher) {
        failInput(node, done, new Error(configProblem));
        return;
      }
      try {
        const input = turnText(msg, stage);
        if (!input.act) {
          done();
          return;
        }
        const match = matcher.match(input.text);
        if (match) {
          const out = msg as NodeMessageInFlow & { intent?: unknown };
          out.intent = match;
          out.topic = match.name;
          send([out, null]);
          setStatus(node, 'green', 'dot', shortName(match.name));
        } else {
          send([null, msg]);
          setStatus(node, 'grey', 'ring', t('assemblyai-intent.status.no-match'));
        }
        done();
      } catch (err) {
        if (err instanceof IntentInputError) {
          failInput(
            node,
            done,
            new Error(t('assemblyai-intent.errors.not-a-turn', { detail: err.detail })),
            t('assemblyai-intent.status.not-a-turn'),
          );
        } else {
          failInput(node, done, err, t('assemblyai-intent.status.error'));
        }
      }
    });
  }

  RED.nodes.registerType('assemblyai-intent', AssemblyAIIntentNode);
  registerIntentEndpoints(RED);
};
