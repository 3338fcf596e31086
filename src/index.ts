// The package's library surface: everything here works without Node-RED.
export * from './protocol/messages';
export * from './protocol/close-codes';
export * from './audio/mulaw';
export * from './sim';
export * from './protocol/params';
export * from './microphone';
export * from './session';
export * from './filter';
export * from './config';
export * from './intent';
