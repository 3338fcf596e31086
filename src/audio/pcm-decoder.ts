// Turns chunks of pcm_s16le or pcm_mulaw audio into samples scaled to [-1, 1),
// keeping an odd trailing byte of s16le for the next chunk.
import type { AudioEncoding } from '../protocol/messages';
import { mulawDecodeSample } from './mulaw';

export class PcmDecoder {
  private pendingByte = -1;

  constructor(private readonly encoding: AudioEncoding) {}

  decode(chunk: Uint8Array): Float32Array {
    if (this.encoding === 'pcm_mulaw') {
      const out = new Float32Array(chunk.length);
      for (let i = 0; i < chunk.length; i++) out[i] = mulawDecodeSample(chunk[i]) / 32768;
      return out;
    }
    const carried = this.pendingByte >= 0 ? 1 : 0;
    const total = chunk.length + carried;
    const out = new Float32Array(total >> 1);
    let n = 0;
    let i = 0;
    if (carried === 1 && chunk.length > 0) {
      out[n++] = toSigned(this.pendingByte | (chunk[0] << 8));
      this.pendingByte = -1;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) out[n++] = toSigned(chunk[i] | (chunk[i + 1] << 8));
    if (i < chunk.length) this.pendingByte = chunk[i];
    return n === out.length ? out : out.subarray(0, n);
  }
}

function toSigned(v: number): number {
  return (v >= 0x8000 ? v - 0x10000 : v) / 32768;
}
