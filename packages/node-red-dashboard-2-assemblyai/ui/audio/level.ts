// Loudness of a frame for the widget's level meter.

/** RMS level of Int16 samples in dBFS, floored at -100 for silence. */
export function levelDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -100;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] / 32768;
    sum += x * x;
  }
  const rms = Math.sqrt(sum / samples.length);
  return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}

/** Maps dBFS to 0..1 for a meter whose scale starts at `floorDb`. */
export function meterFraction(dbfs: number, floorDb = -60): number {
  if (dbfs <= floorDb) return 0;
  if (dbfs >= 0) return 1;
  return (dbfs - floorDb) / -floorDb;
}
