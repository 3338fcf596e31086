// The intent node: matches final turns (msg.turn from the transcriber, or a
// string payload) against sentence templates with slot lists and sends
// msg.intent on output 1, turns that matched nothing on output 2. The
// matching is src/intent; this file translates config, messages and status.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow, NodeStatus } from 'node-red';
import { IntentMatcher } from '../../intent/intent-matcher';
import { IntentInputError, readStage, turnText } from '../../intent/turn-text';
import { IntentConfigError } from '../../intent/types';
import { registerIntentEndpoints } from './intent-endpoints';

interface IntentNodeDef extends NodeDef {
  intents?: unknown;
  lists?: unknown;
  expansionRules?: unknown;
  stage?: unknown;
}

type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

/** Intent names are cut so the status stays short. */
const NAME_ROOM = 16;

function shortName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= NAME_ROOM ? name : `${chars.slice(0, NAME_ROOM - 1).join('')}…`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export = function registerIntent(RED: NodeAPI): void {
  function AssemblyAIIntentNode(this: Node, def: IntentNodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const t: Translate = (key, substitutions) => RED._(`assemblyai-intent.${key}`, substitutions);
    const stage = readStage(def.stage);

    let matcher: IntentMatcher | undefined;
    let configProblem = '';
    try {
      matcher = IntentMatcher.fromRaw({ intents: def.intents, lists: def.lists, expansionRules: def.expansionRules });
    } catch (err) {
      const detail = err instanceof IntentConfigError ? err.problems.join('; ') : messageOf(err);
      // The detail is kept out of the translation so it reads the same in every language.
      configProblem = `${t('errors.invalid-config')}: ${detail}`;
      node.error(configProblem);
      node.status({ fill: 'red', shape: 'ring', text: t('status.invalid-config') });
    }

    node.on('input', (msg: NodeMessageInFlow, send, done) => {
      if (!matcher) {
        done(new Error(configProblem));
        return;
      }
      try {
        const input = turnText(msg, stage);
        if (!input.act) {
          done();
          return;
        }
        const match = matcher.match(input.text);
        let status: NodeStatus;
        if (match) {
          const out = msg as NodeMessageInFlow & { intent?: unknown };
          out.intent = match;
          out.topic = match.name;
          send([out, null]);
          status = { fill: 'green', shape: 'dot', text: shortName(match.name) };
        } else {
          send([null, msg]);
          status = { fill: 'grey', shape: 'ring', text: t('status.no-match') };
        }
        node.status(status);
        done();
      } catch (err) {
        const badInput = err instanceof IntentInputError;
        node.status({ fill: 'red', shape: 'ring', text: t(badInput ? 'status.not-a-turn' : 'status.error') });
        done(new Error(badInput ? `${t('errors.not-a-turn')}: ${messageOf(err)}` : messageOf(err)));
      }
    });
  }

  RED.nodes.registerType('assemblyai-intent', AssemblyAIIntentNode);
  registerIntentEndpoints(RED);
};
