'use strict';
// Words spoken versus words received: both sides normalized (lower case, no
// punctuation) and aligned with a longest common subsequence, so a lost,
// extra or reordered word counts and nothing else does.

function words(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function commonLength(a, b) {
  let previous = new Array(b.length + 1).fill(0);
  let current = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** { spoken, received, lost, extra } word counts. */
function compareWords(spokenTexts, receivedTexts) {
  const spoken = spokenTexts.flatMap(words);
  const received = receivedTexts.flatMap(words);
  const common = commonLength(spoken, received);
  return { spoken: spoken.length, received: received.length, lost: spoken.length - common, extra: received.length - common };
}

module.exports = { compareWords, words };
