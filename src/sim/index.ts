// The local AssemblyAI Streaming v3 simulator (library entry; the CLI is cli.ts).
export { startSimulator, noFaults, isLoopbackHost, WS_PATH, TOKEN_PATH } from './server';
export { parseScriptText, placeholderUtterance } from './script';
export { busiestWindowMs } from './arrival-stats';
export type {
  AuthFailureMode,
  ConnectionRecord,
  RateRule,
  ScriptEntry,
  ScriptedUtterance,
  SetScriptOptions,
  Simulator,
  SimulatorFaults,
  SimulatorOptions,
  SimulatorStats,
  SimulatorTiming,
} from './types';
