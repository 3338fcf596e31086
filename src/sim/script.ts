// Where the simulator's turn texts come from: a script of utterances used in
// order, or clearly artificial placeholders ("Simulated utterance 3.") when the
// script is missing or used up. The simulator recognises no speech.
import type { ScriptEntry, ScriptedUtterance, SetScriptOptions } from './types';

export function toUtterance(entry: ScriptEntry): ScriptedUtterance {
  return typeof entry === 'string' ? { text: entry } : { ...entry };
}

export function placeholderUtterance(turnOrder: number): ScriptedUtterance {
  return { text: `Simulated utterance ${turnOrder + 1}.` };
}

/** One session's reading position in its script. */
export class ScriptCursor {
  private index = 0;

  constructor(
    private entries: ScriptedUtterance[],
    private loop: boolean,
  ) {}

  /** Replaces what is left to read; the next turn reads the new script's first utterance. */
  replace(entries: ScriptedUtterance[], loop: boolean): void {
    this.entries = entries;
    this.loop = loop;
    this.index = 0;
  }

  next(turnOrder: number): ScriptedUtterance {
    if (this.index >= this.entries.length && this.loop && this.entries.length > 0) this.index = 0;
    const entry = this.entries[this.index];
    if (entry === undefined) return placeholderUtterance(turnOrder);
    this.index++;
    return entry;
  }
}

interface Script {
  entries: ScriptedUtterance[];
  loop: boolean;
}

/** The simulator's scripts: a default one and a one-shot one for the next session. */
export class ScriptBook {
  private defaultScript: Script;
  private nextScript: Script | null = null;

  constructor(entries: ScriptEntry[] = []) {
    this.defaultScript = { entries: entries.map(toUtterance), loop: false };
  }

  /** Sets the default or next-session script. Session targets are handled by the server. */
  set(entries: ScriptEntry[], options: SetScriptOptions = {}): void {
    const script = { entries: entries.map(toUtterance), loop: options.loop ?? false };
    if (options.target === 'next') this.nextScript = script;
    else this.defaultScript = script;
  }

  /** A cursor for a session that is opening now. */
  cursorForNewSession(): ScriptCursor {
    const script = this.nextScript ?? this.defaultScript;
    this.nextScript = null;
    return new ScriptCursor(script.entries, script.loop);
  }
}

/**
 * Parses a script file: a JSON array of strings or { text, speaker?, language? }
 * objects, or plain text with one utterance per line. In plain text, blank lines
 * and lines starting with '#' are skipped, and a leading "[B] " sets the speaker.
 */
export function parseScriptText(text: string): ScriptedUtterance[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']') && !/^\[[^\]\s]+\]\s/.test(trimmed)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`script: invalid JSON (${(error as Error).message})`, { cause: error });
    }
    if (!Array.isArray(parsed)) throw new Error('script: the JSON must be an array');
    return parsed.map((item, i) => {
      if (typeof item === 'string') return { text: item };
      if (item && typeof item === 'object' && typeof (item as ScriptedUtterance).text === 'string') {
        const { text: t, speaker, language, relabel, revisedSpeaker } = item as ScriptedUtterance;
        const relabels = Array.isArray(relabel)
          ? relabel
              .filter((r) => r && Number.isInteger(r.turnOrder) && typeof r.speaker === 'string')
              .map((r) => ({ turnOrder: r.turnOrder, speaker: r.speaker }))
          : [];
        return {
          text: t,
          ...(typeof speaker === 'string' ? { speaker } : {}),
          ...(typeof language === 'string' ? { language } : {}),
          ...(relabels.length > 0 ? { relabel: relabels } : {}),
          ...(typeof revisedSpeaker === 'string' ? { revisedSpeaker } : {}),
        };
      }
      throw new Error(`script: item ${i} must be a string or an object with a text`);
    });
  }
  const out: ScriptedUtterance[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const speaker = /^\[([^\]\s]+)\]\s+(.*)$/.exec(line);
    out.push(speaker ? { text: speaker[2], speaker: speaker[1] } : { text: line });
  }
  return out;
}
