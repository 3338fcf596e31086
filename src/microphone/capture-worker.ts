// Worker thread entry: owns the recorder. pvrecorder's read() blocks the
// thread it runs on for up to a frame (or ~1 s when the device is silent), so
// it must not run on Node-RED's main thread. Every outcome is posted back;
// nothing may escape as an uncaught error.
import { parentPort, workerData } from 'node:worker_threads';
import { CaptureLoop } from './capture-loop';
import { frameToPcm16le } from './pcm-bytes';
import type { RecorderModule, RecorderModuleFile } from './recorder';
import { type CaptureWorkerData, type RecorderSource, serializeError, type WorkerData, type WorkerEvent } from './worker-protocol';

type Port = NonNullable<typeof parentPort>;

function loadRecorderModule(source: RecorderSource | undefined): RecorderModule {
  if (source === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./pvrecorder-module') as RecorderModuleFile).createRecorderModule();
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(source.modulePath) as RecorderModuleFile).createRecorderModule(source.options);
}

function post(port: Port, event: WorkerEvent, transfer?: ArrayBuffer[]): void {
  port.postMessage(event, transfer);
}

function listDevices(port: Port, recorders: RecorderModule): void {
  post(port, { type: 'devices', devices: recorders.listDevices() });
}

function capture(port: Port, data: CaptureWorkerData, recorders: RecorderModule): Promise<void> {
  const loop = new CaptureLoop(
    recorders,
    { deviceName: data.deviceName, frameLength: data.frameLength, bufferedFrames: data.bufferedFrames, backoff: data.backoff },
    {
      onStarted: (device) => post(port, { type: 'started', deviceIndex: device.index, deviceName: device.name }),
      onFrame: (frame) => {
        const pcm = frameToPcm16le(frame);
        post(port, { type: 'frame', pcm }, [pcm]);
      },
      onFault: (fault) =>
        post(port, {
          type: 'fault',
          kind: fault.kind,
          error: serializeError(fault.error),
          retryInMs: fault.retryInMs,
          attempt: fault.attempt,
        }),
    },
  );
  const onRequest = (request: unknown) => {
    if ((request as { type?: unknown } | null)?.type === 'stop') loop.stop();
  };
  port.on('message', onRequest);
  return loop
    .run()
    .then((result) => post(port, { type: 'stopped', frames: result.frames }))
    .finally(() => port.off('message', onRequest));
}

async function main(port: Port, data: WorkerData): Promise<void> {
  const recorders = loadRecorderModule(data.recorder);
  if (data.mode === 'list') listDevices(port, recorders);
  else await capture(port, data, recorders);
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as WorkerData).catch((err: unknown) => {
    try {
      post(port, { type: 'fatal', error: serializeError(err) });
    } catch {
      // The port is gone; the main thread sees the worker exit instead.
    }
  });
}
