// Where the demo launcher, the e2e test and the compat test find things.
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');
export const packageName = '@livevoice/node-red-assemblyai';
/** The Node-RED the demo runs: the package's devDependency. */
export const nodeRedEntry = path.join(projectRoot, 'node_modules', 'node-red', 'red.js');
/** The default user directory of `npm start` (git-ignored). */
export const demoUserDir = path.join(projectRoot, '.node-red-demo');
export const demoWav = path.join(projectRoot, 'assets', 'demo-speech.wav');
export const demoText = path.join(projectRoot, 'assets', 'demo-speech.txt');
export const examplesDir = path.join(projectRoot, 'examples');
export const distDir = path.join(projectRoot, 'dist');
