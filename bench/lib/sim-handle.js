'use strict';
// The parent's handle on a simulator process (sim-child.js): its URL, its
// certificate written to a file for NODE_EXTRA_CA_CERTS, and IPC requests.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startChild } = require('./child');
const { IpcClient } = require('./ipc');

const SIM_CHILD = path.join(__dirname, 'sim-child.js');

async function startSimProcess({ script, loopScript = true, maxSessionSeconds, label = 'simulator' } = {}) {
  const handle = startChild(SIM_CHILD, {
    args: [JSON.stringify({ script, loopScript, maxSessionSeconds })],
    label,
  });
  let ready;
  try {
    ready = await handle.waitFor('ready', 30000);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  const certFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aai-bench-cert-')), 'sim.pem');
  fs.writeFileSync(certFile, ready.certPem);
  const ipc = new IpcClient(handle.child, label);
  return {
    url: ready.url,
    baseUrl: ready.baseUrl,
    pid: ready.pid,
    certFile,
    request: (cmd, args, timeoutMs) => ipc.request(cmd, args, timeoutMs),
    async close() {
      let stats;
      try {
        stats = await ipc.request('close', {}, 15000);
      } catch {
        stats = undefined;
      }
      ipc.failAll('closed');
      await handle.stop(5000);
      fs.rmSync(path.dirname(certFile), { recursive: true, force: true });
      return stats;
    },
  };
}

module.exports = { startSimProcess };
