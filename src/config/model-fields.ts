// Which connection parameters apply to which speech model, on top of the shared
// parameter table (src/protocol/params.ts). A model name the table does not know
// (one the service added later) gets every parameter the user set. Pure.
import { CONNECTION_PARAMETERS, isSpeechModel, modelFamily, type ConnectionParameterSpec } from '../protocol/params';

/** The models the editor lists, newest family last; the first is the default. */
export const EDITOR_SPEECH_MODELS = [
  'universal-streaming-english',
  'universal-streaming-multilingual',
  'u3-rt-pro',
  'universal-3-5-pro',
  'universal-3-6-pro',
  'whisper-rt',
] as const;

export const DEFAULT_SPEECH_MODEL = EDITOR_SPEECH_MODELS[0];

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
  return spec.models === 'u3' ? 'Universal-3 (U3) models' : spec.models === 'universal-streaming' ? 'Universal-Streaming models' : 'all models';
}

/** camelCase -> snake_case, so msg.payload may use either form. */
export function wireName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
