'use strict';
// The machine a run happened on, and how busy it was.
const fs = require('node:fs');
const os = require('node:os');

function cpuModel() {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    return match ? match[1].trim() : os.cpus()[0]?.model;
  } catch {
    return os.cpus()[0]?.model;
  }
}

function machineInfo() {
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpuModel: cpuModel(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The 1, 5 and 15 minute load averages. */
function loadAverage() {
  return os.loadavg().map((v) => Math.round(v * 100) / 100);
}

module.exports = { machineInfo, loadAverage };
