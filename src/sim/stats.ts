// Running counters of the simulator; Simulator.stats() turns them into SimulatorStats.
import type { SimulatorStats } from './types';

export interface StatsCounters {
  sessionsOpened: number;
  terminatedCleanly: number;
  closedByFault: number;
  closedByError: number;
  closedByClient: number;
  closedByInactivity: number;
  authFailures: number;
  parameterErrors: number;
  audioMs: number;
  samplesReceived: number;
  framesReceived: number;
  framesRejected: number;
  /** Open seconds of sessions already closed. */
  closedSessionSeconds: number;
  partialTurnsSent: number;
  finalTurnsSent: number;
  messagesSent: number;
}

export function newCounters(): StatsCounters {
  return {
    sessionsOpened: 0,
    terminatedCleanly: 0,
    closedByFault: 0,
    closedByError: 0,
    closedByClient: 0,
    closedByInactivity: 0,
    authFailures: 0,
    parameterErrors: 0,
    audioMs: 0,
    samplesReceived: 0,
    framesReceived: 0,
    framesRejected: 0,
    closedSessionSeconds: 0,
    partialTurnsSent: 0,
    finalTurnsSent: 0,
    messagesSent: 0,
  };
}

export interface OpenSessionView {
  openSeconds(now: number): number;
  liveTurnCounts(): { final: number; partial: number };
}

export function snapshotStats(c: StatsCounters, open: Iterable<OpenSessionView>, tokensIssued: number, now = Date.now()): SimulatorStats {
  let openNow = 0;
  let openSeconds = 0;
  let finals = 0;
  let partials = 0;
  for (const s of open) {
    openNow++;
    openSeconds += s.openSeconds(now);
    const counts = s.liveTurnCounts();
    finals += counts.final;
    partials += counts.partial;
  }
  return {
    sessionsOpened: c.sessionsOpened,
    openNow,
    terminatedCleanly: c.terminatedCleanly,
    closedByFault: c.closedByFault,
    closedByError: c.closedByError,
    closedByClient: c.closedByClient,
    closedByInactivity: c.closedByInactivity,
    authFailures: c.authFailures,
    parameterErrors: c.parameterErrors,
    tokensIssued,
    audioSeconds: c.audioMs / 1000,
    samplesReceived: c.samplesReceived,
    framesReceived: c.framesReceived,
    framesRejected: c.framesRejected,
    billedSeconds: c.closedSessionSeconds + openSeconds,
    partialTurnsSent: c.partialTurnsSent + partials,
    finalTurnsSent: c.finalTurnsSent + finals,
    messagesSent: c.messagesSent,
  };
}
