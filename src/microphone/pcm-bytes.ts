// Turns a recorder frame into transferable PCM s16le bytes.
import os from 'node:os';

const HOST_IS_LITTLE_ENDIAN = os.endianness() === 'LE';

/**
 * An ArrayBuffer holding exactly the frame's samples as little-endian s16.
 * Reuses the frame's own buffer when it is exactly the frame (pvrecorder's
 * case on little-endian hosts), so it can be transferred without a copy.
 */
export function frameToPcm16le(frame: Int16Array): ArrayBuffer {
  const ownsWholeBuffer = frame.buffer instanceof ArrayBuffer && frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
  if (HOST_IS_LITTLE_ENDIAN && ownsWholeBuffer) return frame.buffer;
  const bytes = new ArrayBuffer(frame.length * 2);
  const view = new DataView(bytes);
  for (let i = 0; i < frame.length; i++) view.setInt16(i * 2, frame[i], true);
  return bytes;
}
