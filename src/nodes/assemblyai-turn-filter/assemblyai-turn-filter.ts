// The turn filter node: routes turn messages (msg.turn, from the transcriber)
// to one output per rule, like a switch node for speech. The decisions are
// made by src/filter; this file translates config, messages and status.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { FilterConfigError, type TurnFilterConfig } from '../../filter/config';
import { TurnFilter } from '../../filter/turn-filter';
import { readTurnMessage, TurnShapeError } from '../../filter/turn-input';
import { failInput, reportError, setStatus, translator } from '../kit';
import { statusFor } from './filter-status';

type TurnFilterNodeDef = NodeDef & Partial<TurnFilterConfig>;

const CONFIG_KEYS = [
  'stage',
  'rules',
  'checkAll',
  'otherwise',
  'textMode',
  'wakeWord',
  'wakeMode',
  'wakeWindow',
  'wakeThreshold',
  'minConfidence',
  'speakers',
  'minWords',
  'maxWords',
] as const;

function filterConfigOf(def: TurnFilterNodeDef): Partial<TurnFilterConfig> {
  const config: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) if (def[key] !== undefined) config[key] = def[key];
  return config;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export = function registerTurnFilter(RED: NodeAPI): void {
  function AssemblyAITurnFilterNode(this: Node, def: TurnFilterNodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;
    const t = translator(RED);

    let filter: TurnFilter | undefined;
    let configProblem = '';
    try {
      filter = new TurnFilter(filterConfigOf(def));
    } catch (err) {
      const detail = err instanceof FilterConfigError ? err.problems.join('; ') : messageOf(err);
      configProblem = t('assemblyai-turn-filter.errors.invalid-config', { detail });
      reportError(node, configProblem, t('assemblyai-turn-filter.status.invalid-config'));
    }

    node.on('input', (msg: NodeMessageInFlow, send, done) => {
      if (!filter) {
        failInput(node, done, new Error(configProblem));
        return;
      }
      try {
        const result = filter.process(readTurnMessage(msg));
        for (const err of result.errors) node.error(t('assemblyai-turn-filter.errors.rule-failed', { detail: err.message }), msg);
        if (result.sends.length > 0) {
          const outputs: (NodeMessage | null)[] = new Array<NodeMessage | null>(filter.config.outputs).fill(null);
          const copies = result.sends.map((_, i) => (i === 0 ? msg : RED.util.cloneMessage(msg)));
          result.sends.forEach((routed, i) => {
            const out = copies[i] as NodeMessage & { match?: unknown };
            out.payload = routed.payload;
            out.match = routed.match;
            outputs[routed.output] = out;
          });
          send(outputs);
        }
        const status = statusFor(result, t, filter.armedFor());
        if (status) setStatus(node, status.fill, status.shape, status.text);
        done();
      } catch (err) {
        if (err instanceof TurnShapeError) {
          const text = t('assemblyai-turn-filter.errors.not-a-turn', { detail: err.detail });
          failInput(node, done, new Error(text), t('assemblyai-turn-filter.status.not-a-turn'));
        } else {
          failInput(node, done, new Error(messageOf(err)), t('assemblyai-turn-filter.status.error'));
        }
      }
    });
  }

  RED.nodes.registerType('assemblyai-turn-filter', AssemblyAITurnFilterNode);
};
