// Sentence-template intent matching (hassil-style), usable without Node-RED.
export * from './config';
export * from './intent-matcher';
export * from './template-parse';
export * from './text';
export * from './types';
export { TemplateError } from './compile';
export * from './home-assistant';
export * from './turn-text';
