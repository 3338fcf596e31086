// Diarization's SpeakerRevision (../shared/assemblyai-v3.md §2, §7): the
// service may relabel the speaker of earlier turns, per word and per turn,
// with text and times unchanged, during the session or right before
// Termination. The simulator does it where the script asks.
import type { SpeakerRevisionMessage, Word } from '../protocol/messages';

/** Relabel turn `turnOrder` as spoken by `speaker`. */
export interface SpeakerRelabel {
  turnOrder: number;
  speaker: string;
}

const KEPT_TURNS = 500;

export class SpeakerHistory {
  private readonly finals = new Map<number, Word[]>();
  private readonly atClose = new Map<number, string>();

  /** Remembers a final turn's words (the last final message of the turn wins). */
  remember(turnOrder: number, words: readonly Word[]): void {
    this.finals.delete(turnOrder);
    this.finals.set(
      turnOrder,
      words.map((w) => ({ ...w })),
    );
    if (this.finals.size > KEPT_TURNS) this.finals.delete(this.finals.keys().next().value as number);
  }

  /** Queues a relabel for the revision sent right before Termination. */
  reviseAtClose(relabel: SpeakerRelabel): void {
    this.atClose.set(relabel.turnOrder, relabel.speaker);
  }

  /** A SpeakerRevision for the known turns among `relabels` (null when none is known). */
  revise(relabels: readonly SpeakerRelabel[]): SpeakerRevisionMessage | null {
    const revisions: SpeakerRevisionMessage['revisions'] = [];
    for (const { turnOrder, speaker } of relabels) {
      const words = this.finals.get(turnOrder);
      if (!words) continue;
      for (const w of words) w.speaker = speaker;
      revisions.push({ turn_order: turnOrder, speaker_label: speaker, words: words.map((w) => ({ ...w })) });
    }
    return revisions.length > 0 ? { type: 'SpeakerRevision', revisions } : null;
  }

  /** The revision due right before Termination, once. */
  closingRevision(): SpeakerRevisionMessage | null {
    const relabels = [...this.atClose].map(([turnOrder, speaker]) => ({ turnOrder, speaker }));
    this.atClose.clear();
    return this.revise(relabels);
  }
}
