// The widget nodes' runtime texts come from each node's locale file
// (locales/<lang>/<type>.json beside it) through RED._, always with the full
// key ("ui-assemblyai-microphone.status.live") so a test can find every key.
// The same contract as the main package's node kit, which this package does
// not depend on (it installs without it).
export type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

export function translator(RED: { _: (key: string, substitutions?: Record<string, string | number>) => string }): Translate {
  return (key, substitutions) => RED._(key, substitutions);
}
