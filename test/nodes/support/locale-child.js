'use strict';
// Child process for the locale test: a real Node-RED with settings.lang set to
// process.env.NR_LANG deploys nodes that cannot run (so each shows a status
// at once) and prints their statuses and an error answer as one JSON line.
// One process per language: Node-RED sets its language once.
const { startNodeRed } = require('../../reliability/fixtures/embedded-node-red');

const flow = [
  { id: 'tab', type: 'tab', label: 'locale' },
  { id: 'mic', type: 'assemblyai-microphone', z: 'tab', device: 'default', frameMs: 5, startOnDeploy: false, wires: [[], []] },
  { id: 'tr', type: 'assemblyai-transcriber', z: 'tab', account: '', policy: 'manual', wires: [[], []] },
  { id: 'tf', type: 'assemblyai-turn-filter', z: 'tab', stage: 'final', rules: [{ type: 'regex', value: '(' }], outputs: 1, wires: [[]] },
];

async function main() {
  const nr = await startNodeRed({ settings: { lang: process.env.NR_LANG }, logLevel: 'off' });
  try {
    await nr.deploy(flow, {});
    const answer = await new Promise((resolve) => {
      const node = nr.getNode('mic');
      const original = node.error.bind(node);
      node.error = (err, msg) => {
        resolve(err instanceof Error ? err.message : String(err));
        return original(err, msg);
      };
      node.receive({ action: 'start' });
    });
    const statuses = Object.fromEntries([...nr.statuses].map(([id, status]) => [id, status.text]));
    process.stdout.write(`${JSON.stringify({ statuses, answer })}\n`);
  } finally {
    await nr.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err && err.stack}\n`);
    process.exit(1);
  },
);
