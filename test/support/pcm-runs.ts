// Compares captured PCM (s16le) with the PCM that was fed into a device,
// allowing only what a starved audio server does: drop whole stretches.
// Walking both in step, a difference must be where the captured audio resumes
// later in the fed audio (a drop); anything else (an altered, inserted or
// reordered sample) ends the walk at `foreignAt`.

export interface Drop {
  /** First dropped fed sample. */
  from: number;
  /** Fed sample the captured audio resumes at. */
  to: number;
}

export interface InOrderMatch {
  /** Captured samples equal to fed samples, walked in order. */
  matchedSamples: number;
  drops: Drop[];
  /** Fed samples walked through (matched or dropped). */
  fedWalked: number;
  /** Captured samples walked through. */
  capturedWalked: number;
  /** Captured sample that is not later fed audio, if any. */
  foreignAt?: number;
}

const PROBE_SAMPLES = 64;

/** Next even byte offset in `haystack`, after `from`, where `needle` starts; -1 if none. */
function nextSampleAlignedIndex(haystack: Buffer, needle: Buffer, from: number): number {
  let at = haystack.indexOf(needle, from);
  while (at >= 0 && at % 2 === 1) at = haystack.indexOf(needle, at + 1);
  return at;
}

export function matchInOrder(captured: Buffer, fed: Buffer): InOrderMatch {
  let c = 0;
  let f = 0;
  let matched = 0;
  const drops: Drop[] = [];
  while (c + 1 < captured.length && f + 1 < fed.length) {
    if (captured.readInt16LE(c) === fed.readInt16LE(f)) {
      c += 2;
      f += 2;
      matched++;
      continue;
    }
    const probe = captured.subarray(c, c + PROBE_SAMPLES * 2);
    const resumesAt = nextSampleAlignedIndex(fed, probe, f + 2);
    if (resumesAt < 0) return { matchedSamples: matched, drops, fedWalked: f / 2, capturedWalked: c / 2, foreignAt: c / 2 };
    drops.push({ from: f / 2, to: resumesAt / 2 });
    f = resumesAt;
  }
  return { matchedSamples: matched, drops, fedWalked: f / 2, capturedWalked: c / 2 };
}
