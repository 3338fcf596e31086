// How each of a simulator's connections stood, for a failing test's message:
// times in ms after the first connection opened.
import type { ConnectionRecord } from '../../src/sim/types';

export interface ConnectionSummary {
  beganMs?: number;
  closedMs?: number;
  closeCode?: number;
  closedBy?: string;
  terminated: boolean;
  samples: number;
  finals: number;
}

export function summarizeConnections(records: ConnectionRecord[]): ConnectionSummary[] {
  const t0 = Math.min(...records.map((c) => c.openedAt));
  const since = (at: number | undefined) => (at === undefined ? undefined : at - t0);
  return records.map((c) => ({
    beganMs: since(c.beganAt),
    closedMs: since(c.closedAt),
    closeCode: c.closeCode,
    closedBy: c.closedBy,
    terminated: c.terminateReceived,
    samples: c.samplesReceived,
    finals: c.turnsFinal,
  }));
}
