// Microphones are chosen by name (indexes shift when devices come and go) and
// resolved to pvrecorder's index each time capture opens.

/** The name that selects the system's default input (pvrecorder index -1). */
export const DEFAULT_DEVICE = 'default';
export const DEFAULT_DEVICE_INDEX = -1;

export class DeviceNotFoundError extends Error {
  readonly available: string[];

  constructor(wanted: string, available: string[]) {
    const list = available.length === 0 ? 'none' : available.map((name) => `"${name}"`).join(', ');
    super(`Microphone "${wanted}" was not found. Devices present: ${list}.`);
    this.name = 'DeviceNotFoundError';
    this.available = available;
  }
}

export function isDefaultDevice(name: string | undefined): boolean {
  return name === undefined || name.trim() === '' || name === DEFAULT_DEVICE;
}

/** pvrecorder's index for a device name: -1 for the default, else its position in the list. */
export function resolveDeviceIndex(name: string | undefined, available: string[]): number {
  if (isDefaultDevice(name)) return DEFAULT_DEVICE_INDEX;
  const index = available.indexOf(name as string);
  if (index < 0) throw new DeviceNotFoundError(name as string, available);
  return index;
}
