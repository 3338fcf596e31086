// Turns the end of a connection into what the session reports and does next.
import { CloseReason } from '../protocol/close-codes';
import { describeClose, describeHttpStatus, describeNetworkError, type RetryClass } from '../protocol/close-meaning';
import type { ConnectionEnd } from './connection';

export interface Fault {
  retry: RetryClass;
  /** What happened and what to do. */
  message: string;
  /** For the 'closed' event: the close code, 1006 when the socket never closed cleanly. */
  closeCode: number;
  /** For the 'closed' event: the server's reason, or a short local one. */
  reason: string;
  /** For StreamingError.code: the close code or HTTP status; undefined for local faults. */
  errorCode?: number;
}

const ABNORMAL = 1006;

export function classifyEnd(end: ConnectionEnd, bounds: { connectTimeoutMs: number; terminationTimeoutMs: number }): Fault {
  const cause = end.cause;
  switch (cause.kind) {
    case 'close': {
      if (end.termination !== undefined || (cause.code === 1000 && end.terminateSent)) {
        return {
          retry: 'normal',
          message: 'The session ended after Terminate.',
          closeCode: cause.code,
          reason: cause.reason,
          errorCode: cause.code,
        };
      }
      const serverText = end.serverError?.text;
      const useServerText = serverText !== undefined && (cause.reason === '' || cause.reason === CloseReason.seeErrorMessage);
      const meaning = describeClose(cause.code, useServerText ? serverText : cause.reason);
      if (!end.begun && (meaning.retry === 'normal' || meaning.retry === 'expired')) {
        return {
          retry: 'transient',
          message: `The connection closed with code ${cause.code} before the session began. Retrying.`,
          closeCode: cause.code,
          reason: cause.reason,
          errorCode: cause.code,
        };
      }
      return { ...meaning, closeCode: cause.code, reason: cause.reason, errorCode: cause.code };
    }
    case 'http':
      return { ...describeHttpStatus(cause.status), closeCode: ABNORMAL, reason: `HTTP ${cause.status}`, errorCode: cause.status };
    case 'network':
      return { ...describeNetworkError(cause.code, cause.message), closeCode: ABNORMAL, reason: cause.code ?? cause.message };
    case 'timeout':
      if (cause.phase === 'termination') {
        return {
          retry: 'normal',
          message: `No Termination came within ${bounds.terminationTimeoutMs} ms after Terminate; the socket was closed.`,
          closeCode: ABNORMAL,
          reason: 'termination timeout',
        };
      }
      if (cause.phase === 'stall') {
        return {
          retry: 'transient',
          message: `The connection stopped taking audio for ${bounds.connectTimeoutMs} ms (stalled). Reconnecting.`,
          closeCode: ABNORMAL,
          reason: 'stalled',
        };
      }
      return {
        retry: 'transient',
        message: `The session did not begin within ${bounds.connectTimeoutMs} ms (handshake or Begin timed out). Retrying.`,
        closeCode: ABNORMAL,
        reason: 'connect timeout',
      };
    case 'silent':
      return {
        retry: 'transient',
        message: `No message from the server for ${cause.afterMs} ms although session_heartbeat asks for one every few seconds: the connection stalled. Reconnecting.`,
        closeCode: ABNORMAL,
        reason: 'no heartbeat',
      };
    case 'token':
      if (cause.status === 401 || cause.status === 403) {
        return {
          retry: 'none',
          message: `The temporary token request was refused (HTTP ${cause.status}). Check the API key used to mint tokens.`,
          closeCode: ABNORMAL,
          reason: 'token refused',
          errorCode: cause.status,
        };
      }
      return {
        retry: 'transient',
        message: `Could not get a temporary token: ${cause.message}. Retrying.`,
        closeCode: ABNORMAL,
        reason: 'token unavailable',
      };
    case 'local':
      return { retry: 'normal', message: 'The connection was closed by the client.', closeCode: 1000, reason: 'closed by the client' };
  }
}
