// Load check (not part of `npm test`): N concurrent real-time sessions against
// the simulator CLI in its own process, measuring the simulator's CPU use.
//   npm run build && npx tsx test/sim/load.ts [sessions=1000] [seconds=30]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { frameText, speechPcm } from './helpers';

const sessions = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 30);

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks
}

async function main(): Promise<void> {
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'sim', 'cli.js');
  const sim = spawn(process.execPath, [cli, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => {
    let text = '';
    sim.stdout.on('data', (d) => {
      text += d;
      const m = /url: (\S+)/.exec(text);
      if (m) resolve(m[1]);
    });
  });
  const audio = speechPcm([{ speechMs: 1500 }, { silenceMs: 1500 }]);
  const frameBytes = 1600;
  const frameCount = audio.length / frameBytes;
  const clients: WebSocket[] = [];
  let messages = 0;
  let finals = 0;
  let begins = 0;
  let closedEarly = 0;
  for (let i = 0; i < sessions; i++) {
    const ws = new WebSocket(`${url}?speech_model=universal-streaming-english&sample_rate=16000`, {
      headers: { Authorization: 'load' },
      perMessageDeflate: false,
    });
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      messages++;
      const text = frameText(data);
      if (text.startsWith('{"type":"Begin"')) begins++;
      else if (text.includes('"end_of_turn":true')) finals++;
    });
    ws.on('close', (code) => {
      if (code !== 1000) closedEarly++;
    });
    clients.push(ws);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  while (begins < sessions) await new Promise((r) => setTimeout(r, 50));
  console.log(`${sessions} sessions open`);
  const cpuStart = cpuSeconds(sim.pid!);
  const start = Date.now();
  let tick = 0;
  let lateTicks = 0;
  await new Promise<void>((resolve) => {
    const step = () => {
      const offset = (tick % frameCount) * frameBytes;
      const frame = audio.subarray(offset, offset + frameBytes);
      for (const ws of clients) if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      tick++;
      const due = start + tick * 50;
      const wait = due - Date.now();
      if (wait < -50) lateTicks++;
      if (Date.now() - start >= seconds * 1000) resolve();
      else setTimeout(step, Math.max(0, wait));
    };
    step();
  });
  const wall = (Date.now() - start) / 1000;
  const cpu = cpuSeconds(sim.pid!) - cpuStart;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${sim.pid}/status`, 'utf8'))![1]) / 1024;
  for (const ws of clients) ws.send('{"type":"Terminate"}');
  await new Promise((r) => setTimeout(r, 3000));
  console.log(
    JSON.stringify({
      sessions,
      seconds: wall,
      framesSent: tick * sessions,
      simCpuPercentOfOneCore: Math.round((cpu / wall) * 1000) / 10,
      simRssMiB: Math.round(rss),
      messagesReceived: messages,
      finalTurns: finals,
      clientLateTicks: lateTicks,
      closedEarly,
    }),
  );
  sim.kill('SIGTERM');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
