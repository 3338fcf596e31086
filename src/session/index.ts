export * from './types';
export { StreamingSession } from './streaming-session';
export { backoffDelay } from './backoff';
export type { DropCause, DropReport } from './drop-reporter';
export type { Clock, TimerHandle } from './clock';
