'use strict';
// An embedded Node-RED runtime (the package's node-red devDependency) that
// loads this package the way a user's install does: from
// <userDir>/node_modules, here a symlink to the working tree (built to dist/).
// No editor, no HTTP endpoints, nothing listening.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;

function prepareUserDir() {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aai-bench-nr-'));
  const link = path.join(userDir, 'node_modules', ...PACKAGE_NAME.split('/'));
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(ROOT, link, 'dir');
  fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'aai-bench-user-dir', private: true, dependencies: {} }));
  return userDir;
}

async function startNodeRed({ logLevel = 'warn' } = {}) {
  const RED = require('node-red');
  const userDir = prepareUserDir();
  const server = http.createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    uiHost: '127.0.0.1',
    logging: { console: { level: logLevel, metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    editorTheme: { projects: { enabled: false }, tours: false },
  });
  // The runtime starts its (empty) flows after start() resolves; deploy only after that.
  const firstStart = new Promise((resolve) => RED.events.once('flows:started', resolve));
  await RED.start();
  await Promise.race([firstStart, new Promise((resolve) => setTimeout(resolve, 10000))]);
  const missing = ['assemblyai-account', 'assemblyai-transcriber', 'assemblyai-turn-filter'].filter((type) => !RED.nodes.getType(type));
  if (missing.length > 0) throw new Error(`Node-RED did not load ${missing.join(', ')} from ${PACKAGE_NAME} (run npm run build)`);

  return {
    RED,
    userDir,
    /** Full deploy; resolves once the flows have started. */
    async deploy(flows, credentials) {
      const started = new Promise((resolve) => RED.events.once('flows:started', resolve));
      await RED.runtime.flows.setFlows({ flows: { flows, credentials }, deploymentType: 'full' });
      await started;
    },
    getNode: (id) => RED.nodes.getNode(id),
    async stop() {
      try {
        await RED.stop();
      } finally {
        fs.rmSync(userDir, { recursive: true, force: true });
      }
    },
  };
}

module.exports = { startNodeRed };
