// GET /assemblyai-microphone/devices for the editor's device picker:
// { devices: string[] }, or 503 { devices: [], error } when capture is not
// available. Listing runs in a short-lived worker and is cached briefly.
import type { NodeAPI } from 'node-red';
import { DeviceListCache, listMicrophones } from '../../microphone/list-devices';
import { captureOverrides } from './capture-overrides';

export const DEVICES_PATH = '/assemblyai-microphone/devices';
export const READ_PERMISSION = 'assemblyai-microphone.read';

export function registerDevicesEndpoint(RED: NodeAPI): void {
  const cache = new DeviceListCache(() => listMicrophones({ recorder: captureOverrides().recorder }));
  RED.httpAdmin.get(DEVICES_PATH, RED.auth.needsPermission(READ_PERMISSION), (req, res) => {
    const refresh = req.query.refresh === '1' || req.query.refresh === 'true';
    cache
      .get(refresh)
      .then(
        (devices) => {
          res.json({ devices });
        },
        (err: unknown) => {
          const error = err instanceof Error ? err.message : String(err);
          res.status(503).json({ devices: [], error });
        },
      )
      // The client went away mid-answer: nothing to tell it.
      .catch(() => undefined);
  });
}
