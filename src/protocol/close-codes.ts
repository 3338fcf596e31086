// WebSocket close codes of the v3 service (../shared/assemblyai-v3.md §4).
export const CloseCode = {
  Normal: 1000,
  Abnormal: 1006,
  PolicyViolation: 1008,
  InternalError: 1011,
  TryAgainLater: 1013,
  SessionCancelled: 3005,
  InputValidation: 3006,
  AudioDuration: 3007,
  SessionExpired: 3008,
  TooManySessions: 3009,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** The documented reason strings, so the simulator and the client agree on their wording. */
export const CloseReason = {
  missingAuth: 'Unauthorized Connection: Missing Authorization header',
  invalidAuth: 'Unauthorized Connection: Invalid API key',
  tooManySessions1008: 'Unauthorized connection: Too many concurrent sessions',
  tooManySessions3009: 'Unauthorized Connection: Too many concurrent sessions',
  sessionCancelled: 'Session Cancelled: An error occurred',
  sessionExpired: 'Session Expired: Maximum session duration exceeded',
  /** Close reasons are limited to 123 bytes; longer texts go in the Error message only. */
  seeErrorMessage: 'See Error message for details',
} as const;

export const MAX_CLOSE_REASON_BYTES = 123;
