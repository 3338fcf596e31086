import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordingFileName, resolveRecordingTarget } from '../../src/microphone/recording-path';

describe('microphone/recording-path', () => {
  let base: string;
  const when = new Date(2025, 0, 2, 3, 4, 5); // local time 2025-01-02 03:04:05
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-path-'));
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('names recordings recording_YYYYMMDD_HHMMSS.wav in local time', () => {
    assert.equal(recordingFileName(when), 'recording_20250102_030405.wav');
    assert.equal(recordingFileName(new Date(2024, 11, 31, 23, 59, 58)), 'recording_20241231_235958.wav');
  });

  it('puts timestamped files in <baseDir>/recordings by default, creating it', () => {
    const target = resolveRecordingTarget('', base, when);
    assert.deepEqual(target, { file: path.join(base, 'recordings', 'recording_20250102_030405.wav'), exclusive: true });
    assert.ok(fs.statSync(path.join(base, 'recordings')).isDirectory());
  });

  it('treats a path not ending in .wav as a folder, relative to baseDir, and never reuses a name', () => {
    const first = resolveRecordingTarget('audio/mic', base, when);
    assert.equal(first.file, path.join(base, 'audio', 'mic', 'recording_20250102_030405.wav'));
    fs.writeFileSync(first.file, '');
    const second = resolveRecordingTarget('audio/mic', base, when);
    assert.equal(second.file, path.join(base, 'audio', 'mic', 'recording_20250102_030405_2.wav'));
  });

  it('treats a path ending in .wav as the file itself (overwritten each time)', () => {
    const absolute = path.join(base, 'sub', 'Last.WAV');
    assert.deepEqual(resolveRecordingTarget(absolute, '/elsewhere', when), { file: absolute, exclusive: false });
    assert.ok(fs.statSync(path.join(base, 'sub')).isDirectory());
  });
});
