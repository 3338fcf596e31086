// Runtime texts come from the node's locale file (locales/<lang>/<type>.json)
// through RED._, always with the full key ("assemblyai-microphone.status.stopped")
// so a test can find every key in the sources.
export type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

export function translator(RED: { _: (key: string, substitutions?: Record<string, string | number>) => string }): Translate {
  return (key, substitutions) => RED._(key, substitutions);
}
