// Float capture samples to signed 16-bit PCM (the audio contract's pcm_s16le).

/** Converts floats in [-1, 1] (out-of-range values are clipped) to Int16 samples. */
export function floatToInt16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const x = input[i];
    const clipped = x > 1 ? 1 : x < -1 ? -1 : Number.isNaN(x) ? 0 : x;
    out[i] = Math.round(clipped < 0 ? clipped * 32768 : clipped * 32767);
  }
  return out;
}

/** The little-endian bytes of Int16 samples, whatever the host's byte order. */
export function int16ToLittleEndianBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i], true);
  return bytes;
}
