'use strict';
// The simulator's own process: the package's simulator (dist/sim) over TLS on
// 127.0.0.1, driven over IPC by the bench: stats, CPU and event-loop marks,
// scripts. Exits when its parent goes away or asks it to close.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { startSimulator } = require('../../dist/sim');
const { serveRequests } = require('./ipc');

async function main() {
  const options = JSON.parse(process.argv[2] || '{}');
  const sim = await startSimulator({
    port: 0,
    host: '127.0.0.1',
    tls: true,
    script: options.script,
    maxSessionSeconds: options.maxSessionSeconds,
  });
  if (options.script && options.loopScript) sim.setScript(options.script, { loop: true });

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let mark = { cpu: process.cpuUsage(), at: performance.now() };

  serveRequests({
    mark: () => {
      loopDelay.reset();
      mark = { cpu: process.cpuUsage(), at: performance.now() };
      return true;
    },
    measure: () => {
      const cpu = process.cpuUsage(mark.cpu);
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: performance.now() - mark.at,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
        rssBytes: process.memoryUsage().rss,
        stats: sim.stats(),
      };
    },
    stats: () => sim.stats(),
    setScript: (message) => {
      sim.setScript(message.utterances, message.options);
      return true;
    },
    close: async () => {
      const stats = sim.stats();
      await sim.close();
      setImmediate(() => process.exit(0));
      return stats;
    },
  });
  process.on('disconnect', () => {
    sim.close().finally(() => process.exit(0));
  });
  process.send({ type: 'ready', url: sim.url, baseUrl: sim.baseUrl, certPem: sim.certPem, pid: process.pid });
}

main().catch((error) => {
  process.stderr.write(`bench simulator: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
