// Speaker revisions (diarization): the service may relabel the speaker of
// earlier turns in a SpeakerRevision message. The transcriber keeps the last
// final message of recent turns, so that a revision can be sent on as a
// speaker-revision event and as a re-sent turn message that says it was
// revised (msg.turn.revised, msg.turn.previousSpeaker). Pure.
import type { SessionInfo, Turn, TurnWord } from '../../protocol/turn';

/** Final turns kept for revisions (the service revises recent turns). */
const KEPT_TURNS = 200;

export interface RevisedTurn extends Turn {
  /** This message re-sends an earlier turn whose speaker labels a later message changed. */
  revised: true;
  /** The turn's speaker before the revision. */
  previousSpeaker?: string;
}

export interface SpeakerRevisionView {
  /** One entry per revised turn: its stream-wide order (when this node saw the turn), the service's turn_order and the new label. */
  revisions: Array<{ order?: number; turnOrder: number; speaker: string; words: TurnWord[] }>;
}

interface Kept {
  turn: Turn;
  session: SessionInfo;
}

function toWords(raw: unknown): TurnWord[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((w): w is Record<string, unknown> => typeof w === 'object' && w !== null)
    .map((w) => {
      const word: TurnWord = {
        text: typeof w.text === 'string' || typeof w.text === 'number' ? String(w.text) : '',
        start: Number(w.start ?? 0),
        end: Number(w.end ?? 0),
        confidence: Number(w.confidence ?? 0),
        final: w.word_is_final !== false,
      };
      if (typeof w.speaker === 'string') word.speaker = w.speaker;
      return word;
    });
}

export class TurnRevisions {
  private readonly finals = new Map<number, Kept>();

  /** A turn went out: its final message is kept for later revisions. */
  remember(turn: Turn, session: SessionInfo): void {
    if (!turn.final) return;
    this.finals.delete(turn.order);
    this.finals.set(turn.order, { turn, session });
    if (this.finals.size > KEPT_TURNS) this.finals.delete(this.finals.keys().next().value as number);
  }

  /** The event's view and the turn messages to re-send, from the session's speakerRevision event. */
  revise(event: Record<string, unknown>): { view: SpeakerRevisionView; turns: Array<{ turn: RevisedTurn; session: SessionInfo }> } {
    const view: SpeakerRevisionView = { revisions: [] };
    const turns: Array<{ turn: RevisedTurn; session: SessionInfo }> = [];
    const revisions = Array.isArray(event.revisions) ? (event.revisions as Array<Record<string, unknown>>) : [];
    for (const revision of revisions) {
      if (typeof revision !== 'object' || revision === null || typeof revision.speaker_label !== 'string') continue;
      const speaker = revision.speaker_label;
      const order = typeof revision.order === 'number' ? revision.order : undefined;
      const words = toWords(revision.words);
      const entry: SpeakerRevisionView['revisions'][number] = { turnOrder: Number(revision.turn_order), speaker, words };
      if (order !== undefined) entry.order = order;
      view.revisions.push(entry);
      const kept = order === undefined ? undefined : this.finals.get(order);
      if (kept === undefined) continue;
      const before = kept.turn;
      const revised: RevisedTurn = {
        ...before,
        final: false, // the final message was sent already: a flow acts on a turn once
        speaker,
        words: words.length === before.words.length ? words : before.words.map((w) => ({ ...w, speaker })),
        revised: true,
      };
      if (before.speaker !== undefined) revised.previousSpeaker = before.speaker;
      this.finals.set(before.order, { turn: { ...before, speaker: revised.speaker, words: revised.words }, session: kept.session });
      turns.push({ turn: revised, session: kept.session });
    }
    return { view, turns };
  }
}
