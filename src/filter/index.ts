// The turn filter's matching logic, usable without Node-RED.
export * from './bounded-regex';
export * from './config';
export * from './cooldown';
export * from './guards';
export * from './normalize';
export * from './number-words';
export * from './rules';
export * from './similarity';
export * from './turn-filter';
export * from './turn-input';
export * from './turn-ledger';
export * from './wake-word';
