// Which connection parameters apply to which speech model, on top of the shared
// parameter table (src/protocol/params.ts). A model name the table does not know
// (one the service added later) gets every parameter the user set. Pure.
import { CONNECTION_PARAMETERS, isSpeechModel, modelFamily, type ConnectionParameterSpec } from '../protocol/params';
import { SPEECH_MODEL_CATALOGUE } from '../protocol/speech-models';

/** The models the editor lists, in its order (src/protocol/speech-models.ts). */
export const EDITOR_SPEECH_MODELS: readonly string[] = SPEECH_MODEL_CATALOGUE.filter((m) => m.listed).map((m) => m.name);

/** What a new transcriber node gets (the newest U3 model, as in both seed quickstarts). */
export const DEFAULT_SPEECH_MODEL = 'universal-3-5-pro';

/**
 * What a node that saved no model runs: a flow imported from a file without
 * speechModel and deployed without opening the node has run this model in
 * every earlier version, so it keeps running it (with a warning) rather than
 * changing model, text form and price on an upgrade.
 */
export const UNSAVED_SPEECH_MODEL = 'universal-streaming-english';

/** Speech model names: lowercase words joined by '-', '_' or '.'. */
export const SPEECH_MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function parameterSpec(wireName: string): ConnectionParameterSpec | undefined {
  return Object.prototype.hasOwnProperty.call(CONNECTION_PARAMETERS, wireName) ? CONNECTION_PARAMETERS[wireName] : undefined;
}

export function appliesToModel(spec: ConnectionParameterSpec, model: string): boolean {
  if (spec.models === 'all' || !isSpeechModel(model)) return true;
  return modelFamily(model) === spec.models;
}

export function modelsNote(spec: ConnectionParameterSpec): string {
  return spec.models === 'u3'
    ? 'Universal-3 (U3) models'
    : spec.models === 'universal-streaming'
      ? 'Universal-Streaming models'
      : 'all models';
}

/** camelCase -> snake_case, so msg.payload may use either form. */
export function wireName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
