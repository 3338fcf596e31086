'use strict';
// Readers of /proc for another process's CPU time and memory (Linux).
const fs = require('node:fs');

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process, in ms (10 ms resolution). */
function processCpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size of a process, in bytes. */
function processRssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Own CPU time in ms from process.cpuUsage(). */
function ownCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

module.exports = { processCpuMs, processRssBytes, ownCpuMs };
