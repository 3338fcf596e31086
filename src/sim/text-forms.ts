// The written forms of a scripted utterance: formatted words (cased and
// punctuated, as the script gives them) and plain words (lower case, no
// punctuation), as Universal-Streaming sends them before formatting.

export interface WordForms {
  formatted: string;
  plain: string;
}

export function splitWords(text: string): WordForms[] {
  const out: WordForms[] = [];
  for (const formatted of text.split(/\s+/)) {
    const plain = formatted.toLowerCase().replace(/[^\p{L}\p{N}'-]+/gu, '').replace(/^['-]+|['-]+$/g, '');
    if (plain !== '') out.push({ formatted, plain });
  }
  return out;
}

/** A formatted word without terminal punctuation, as U3 partials show it. */
export function withoutTerminalPunctuation(word: string): string {
  return word.replace(/[.?!]+$/, '');
}
