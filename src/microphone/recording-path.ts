// Where a recording goes. A configured path ending in ".wav" is a file
// (overwritten by each recording); anything else is a folder that receives
// one timestamped file per recording. Relative paths are taken from baseDir
// (Node-RED's user directory); an empty path means baseDir/recordings.
import fs from 'node:fs';
import path from 'node:path';

export interface RecordingTarget {
  file: string;
  /** True for a generated name that must not overwrite an existing file. */
  exclusive: boolean;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** recording_YYYYMMDD_HHMMSS.wav in local time. */
export function recordingFileName(date: Date): string {
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `recording_${day}_${time}.wav`;
}

export function isWavFilePath(configured: string): boolean {
  return /\.wav$/i.test(configured.trim());
}

/**
 * Picks the file for a recording that starts at `now`, creating folders as
 * needed. Synchronous: it runs once per capture start and touches only
 * directory metadata.
 */
export function resolveRecordingTarget(configured: string, baseDir: string, now: Date): RecordingTarget {
  const trimmed = configured.trim();
  const target = path.resolve(baseDir, trimmed === '' ? 'recordings' : trimmed);
  if (isWavFilePath(trimmed)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    return { file: target, exclusive: false };
  }
  fs.mkdirSync(target, { recursive: true });
  const base = recordingFileName(now).replace(/\.wav$/, '');
  let file = path.join(target, `${base}.wav`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(target, `${base}_${n}.wav`);
  return { file, exclusive: true };
}
