// The text analyzer, ported exactly from src/analyze/analyzer.rs (read its doc
// comment for the rules). tests/fixtures/analyzer.json is checked against both
// implementations (`cargo test` and `node --test tests/js/`), so they cannot
// drift. Keep this file free of DOM code: it also runs under node.

/** Version of the rules; an index built with another version is refused. */
export const ANALYZER_VERSION = 1;

/** Longest word kept, in characters (code points). */
export const MAX_WORD_CHARS = 40;

// Rust's `char::is_alphanumeric` is Alphabetic || Numeric (Nd, Nl, No), which
// is exactly `\p{Alphabetic}` plus `\p{N}` (= Nd | Nl | No).
const ALNUM = /[\p{Alphabetic}\p{N}]/u;
const ASCII_LOWER = /^[a-z]+$/;

const WORD = 1;
const CJK = 2;
const OTHER = 0;

/** Hangul, Han, Hiragana and Katakana (same ranges as `is_cjk` in Rust). */
export function isCjk(cp) {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x3130 && cp <= 0x318f) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xd7b0 && cp <= 0xd7ff) || // Hangul
    (cp >= 0x3040 && cp <= 0x309f) || // Hiragana
    (cp >= 0x30a0 && cp <= 0x30ff) ||
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0xff66 && cp <= 0xff9f) || // Katakana
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x2a6df) // Han
  );
}

function classOf(ch, cp) {
  if (isCjk(cp)) return CJK;
  // Fast path for ASCII, the common case.
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
      ? WORD
      : OTHER;
  }
  return ALNUM.test(ch) ? WORD : OTHER;
}

/** Harman's S stemmer, for words of ASCII lowercase letters only. */
export function stem(word) {
  // For an all-ASCII word, UTF-16 length = byte length (Rust's `len()`).
  if (word.length <= 3 || !ASCII_LOWER.test(word)) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) {
    return word.slice(0, -3) + 'y';
  }
  if (word.endsWith('es') && !word.endsWith('aes') && !word.endsWith('ees') && !word.endsWith('oes')) {
    return word.slice(0, -2) + 'e';
  }
  if (word.endsWith('s') && !word.endsWith('us') && !word.endsWith('ss')) {
    return word.slice(0, -1);
  }
  return word;
}

/** Lowercases one code point at a time (no context rules, like Rust's `char::to_lowercase`). */
function lower(s) {
  let out = '';
  for (const ch of s) out += ch.toLowerCase();
  return out;
}

/**
 * Splits `text` into tokens `{text, position, from, to}`; `from`/`to` are
 * JavaScript string (UTF-16) indices into `text`.
 */
export function tokens(text) {
  const out = [];
  if (typeof text !== 'string' || text.length === 0) return out;
  // Code points with their UTF-16 start index and class.
  const chars = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    const len = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + len);
    chars.push({ ch, index: i, kind: classOf(ch, cp) });
    i += len;
  }
  let position = 0;
  let k = 0;
  while (k < chars.length) {
    const kind = chars[k].kind;
    if (kind === OTHER) {
      k++;
      continue;
    }
    const runStart = k;
    while (k < chars.length && chars[k].kind === kind) k++;
    const runLen = k - runStart; // in code points
    const from = chars[runStart].index;
    const to = k < chars.length ? chars[k].index : text.length;
    if (kind === WORD) {
      if (runLen <= MAX_WORD_CHARS) {
        out.push({ text: stem(lower(text.slice(from, to))), position, from, to });
      }
      position++;
    } else if (runLen === 1) {
      out.push({ text: lower(text.slice(from, to)), position, from, to });
      position++;
    } else {
      for (let j = runStart; j + 1 < k; j++) {
        const a = chars[j];
        const b = chars[j + 1];
        const end = b.index + b.ch.length;
        out.push({ text: lower(text.slice(a.index, end)), position, from: a.index, to: end });
        position++;
      }
    }
  }
  return out;
}

/** Token texts only (queries). */
export function terms(text) {
  return tokens(text).map((t) => t.text);
}
