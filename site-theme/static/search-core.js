// Queries the static search index that `hindsight build` writes into
// OUT/search/ (format: docs/src/search-index.md). No DOM code here: the same module
// runs in the browser and under node (tests compare it with `hindsight search`).
//
// A query downloads the manifest once, the term shards of its terms and the
// field norms (all in parallel), the document blocks of the hits it returns,
// and the facets only when a filter is used. Everything downloaded is cached
// for later queries. Scores are computed here from term counts, as tantivy
// computes them (see bm25Scorer).

import { terms as analyzeTerms, tokens as analyzeTokens, ANALYZER_VERSION } from './analyzer.js';

/** Index format this module reads. */
export const INDEX_FORMAT = 2;

/** Most index terms a prefix (the last query term while typing) expands to. */
export const PREFIX_LIMIT = 64;

/** Searchable fields, in the order of a term line's counts and weights and of the norms file. */
const FIELDS = 4;

/**
 * Tantivy's table from fieldnorm id (one byte) to field length: ids below 40
 * are exact lengths; above, each power-of-two range is cut into 8 steps.
 */
export const FIELD_NORMS = Object.freeze(
  Array.from({ length: 256 }, (_, id) => {
    if (id < 40) return id;
    const g = Math.floor((id - 40) / 8);
    return 24 + 2 ** (g + 4) + ((id - 40) % 8) * 2 ** (g + 1);
  }),
);

/** Filter name → [manifest facet list, facets file key, multi-valued]. */
const FILTERS = {
  severity: ['severities', 'severity', false],
  year: ['years', 'year', false],
  service: ['services', 'services', true],
  tag: ['tags', 'tags', true],
};

/**
 * An index that cannot be used: `kind` is `network` (a file could not be
 * fetched, e.g. the page was opened from file://), `version` (built by another
 * format or analyzer version) or `format` (a file is not what it should be).
 */
export class SearchError extends Error {
  constructor(kind, message, options) {
    super(message, options);
    this.name = 'SearchError';
    this.kind = kind;
  }
}

/**
 * Compares two strings by Unicode code point (the index's term order, equal
 * to UTF-8 byte order), not by UTF-16 unit as `<` does.
 */
export function compareCodePoints(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after U+E000..U+FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

async function defaultFetchBytes(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Decompresses gzip bytes. Bytes that are not gzip (a host that served the
 * file with `Content-Encoding: gzip`, already decoded by the browser) are
 * returned as they are.
 */
export async function gunzip(bytes) {
  if (!(bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  if (typeof DecompressionStream !== 'function') {
    throw new SearchError('unsupported', 'this browser cannot decompress the search index (no DecompressionStream)');
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const decoder = new TextDecoder('utf-8');

const BASE36 = /^[0-9a-z]+$/i;

/** A base-36 integer; anything else is a format error (parseInt would read "1x!" as 69). */
function base36(s, what) {
  const n = BASE36.test(s) ? parseInt(s, 36) : NaN;
  if (!Number.isSafeInteger(n)) throw new SearchError('format', `term shard: bad ${what} ${JSON.stringify(s)}`);
  return n;
}

const f32 = Math.fround;
const K1 = f32(1.2);
const B = f32(0.75);
const bits = new DataView(new ArrayBuffer(4));

/**
 * A term line's `weights` field → its BM25 weight in each field (title,
 * summary, causes, body), null where the field has no weight. Weights are
 * stored as the base-36 of their binary32 bit pattern so they arrive exact.
 */
export function parseWeights(field) {
  const parts = String(field).split('.');
  if (parts.length !== FIELDS) throw new SearchError('format', `term shard: weights ${JSON.stringify(field)} do not have ${FIELDS} parts`);
  return parts.map((p) => {
    if (p === '') return null;
    const n = base36(p, 'weight');
    if (n > 0xffffffff) throw new SearchError('format', `term shard: weight ${JSON.stringify(p)} is over 32 bits`);
    bits.setUint32(0, n);
    const w = bits.getFloat32(0);
    if (!(w >= 0 && w < Infinity)) throw new SearchError('format', `term shard: weight ${JSON.stringify(p)} is not a non-negative number`);
    return w;
  });
}

/**
 * One `counts` entry → the term's count in each field: one number is the
 * body's count alone (the common case, kept short), else four parts joined
 * by '.', an empty part standing for 0.
 */
export function parseCounts(entry) {
  if (!entry.includes('.')) return [0, 0, 0, base36(entry, 'count')];
  const parts = entry.split('.');
  if (parts.length !== FIELDS) throw new SearchError('format', `term shard: counts ${JSON.stringify(entry)} do not have ${FIELDS} parts`);
  return parts.map((p) => (p === '' ? 0 : base36(p, 'count')));
}

/**
 * Tantivy's BM25 over an index with `docs` documents, `tokens` tokens per
 * field in all and scores scaled by `scoreScale` (the manifest's `docs`,
 * `tokens` and `score_scale`). Returns `score(weights, counts, norms, at = 0)`:
 * the integer score of one posting, from the term's `weights` (parseWeights),
 * the document's `counts` (parseCounts) and the document's fieldnorm ids
 * `norms[at] … norms[at + 3]` (an array of four, or the norms file at 4 × doc).
 * Every operation is rounded to binary32 as tantivy computes in f32, so the
 * integers equal `hindsight search`'s (docs/src/search-index.md, "Scores").
 */
export function bm25Scorer({ docs, tokens, scoreScale }) {
  const scale = f32(scoreScale);
  // Tantivy's per-field cache of k1 × (1 − b + b × length / average length), one entry per fieldnorm id.
  const caches = tokens.map((total) => {
    const avg = f32(f32(total) / f32(docs));
    const cache = new Float32Array(256);
    for (let i = 0; i < 256; i++) cache[i] = f32(K1 * f32(f32(1 - B) + f32(f32(B * f32(FIELD_NORMS[i])) / avg)));
    return cache;
  });
  return function score(weights, counts, norms, at = 0) {
    let s = 0;
    let found = false;
    for (let f = 0; f < FIELDS; f++) {
      const c = counts[f];
      if (c === 0) continue;
      const w = weights[f];
      if (w === null || w === undefined) throw new SearchError('format', 'term shard: a count in a field without a weight');
      const tf = f32(c);
      s = f32(s + f32(w * f32(tf / f32(tf + caches[f][norms[at + f]]))));
      found = true;
    }
    if (!found) throw new SearchError('format', 'term shard: a posting whose counts are all 0');
    const scaled = Math.max(1, Math.round(f32(s * scale)));
    if (!Number.isFinite(scaled)) throw new SearchError('format', 'term shard: a score that is not a number');
    return scaled;
  };
}

/** Index of the last element of `sorted` (by `key`) that is ≤ `target`, or -1. */
function lastAtMost(sorted, target, key) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(key(sorted[mid]), target) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first element of `sorted` that is ≥ `target` (sorted.length if none). */
function firstAtLeast(sorted, target) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(sorted[mid], target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A parsed term shard: sorted terms and their raw `docs`/`counts`/`weights`
 * fields (lines are decoded only when their term is asked for).
 */
class Shard {
  constructor(text) {
    this.terms = [];
    this.docs = [];
    this.counts = [];
    this.weights = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const a = line.indexOf('\t');
      const b = a < 0 ? -1 : line.indexOf('\t', a + 1);
      const c = b < 0 ? -1 : line.indexOf('\t', b + 1);
      if (c < 0) throw new SearchError('format', 'malformed term shard line');
      this.terms.push(line.slice(0, a));
      this.docs.push(line.slice(a + 1, b));
      this.counts.push(line.slice(b + 1, c));
      this.weights.push(line.slice(c + 1));
    }
  }

  /**
   * Adds the postings of line `i` to `into` (doc → score), scored by `score`
   * (bm25Scorer) with the field norms `norms` of the index's `docs` documents.
   */
  decode(i, into, { score, norms, docs: total }) {
    const docs = this.docs[i] === '' ? [] : this.docs[i].split(',');
    const counts = this.counts[i] === '' ? [] : this.counts[i].split(',');
    if (docs.length !== counts.length) throw new SearchError('format', 'term shard: docs and counts differ in length');
    const weights = parseWeights(this.weights[i]);
    let doc = 0;
    for (let k = 0; k < docs.length; k++) {
      const d = base36(docs[k], 'document number');
      doc = k === 0 ? d : doc + d; // each line starts with an absolute number
      if (doc >= total) throw new SearchError('format', `term shard: document ${doc} is not in the index`);
      into.set(doc, score(weights, parseCounts(counts[k]), norms, 4 * doc));
    }
  }
}

function emptyResult(terms = [], prefix = null) {
  return { terms, prefix, mode: 'and', total: 0, phraseLimited: false, results: [] };
}

/** How many of the best documents with every word of a phrase are checked for the phrase (as `hindsight search`). */
export const PHRASE_CHECKS = 50;

/** Characters of text around the matches in a snippet. */
export const SNIPPET_CHARS = 200;

const QUOTES = new Set(['"', '\u201C', '\u201D']);
const WHITE_SPACE = /\p{White_Space}/u;

/**
 * Reads a query as `hindsight search` does (src/analyze/query.rs): a quote
 * mark opens a phrase up to the next one (or the end); outside phrases, a
 * whitespace-separated word that starts with `-` and has more after it is
 * excluded. Returns {terms (scoring, first occurrence first), phrases
 * ([[term, offset], …] of two terms or more), excluded ([terms] per word),
 * last (the query's last term when it ends in a plain word, else null)}.
 */
export function parseQuery(text) {
  const q = { terms: [], phrases: [], excluded: [], last: null };
  const add = (t) => {
    if (!q.terms.includes(t)) q.terms.push(t);
  };
  let inPhrase = false;
  let piece = '';
  const flush = (phrase) => {
    q.last = null;
    if (phrase) {
      const toks = analyzeTokens(piece);
      for (const t of toks) add(t.text);
      if (toks.length > 1) q.phrases.push(toks.map((t) => [t.text, t.position - toks[0].position]));
    } else {
      for (const word of piece.split(WHITE_SPACE)) {
        q.last = null;
        if (word.startsWith('-') && word.length > 1) {
          const ts = analyzeTerms(word.slice(1));
          if (ts.length) q.excluded.push(ts);
        } else {
          const ts = analyzeTerms(word);
          for (const t of ts) add(t);
          if (ts.length) q.last = ts[ts.length - 1];
        }
      }
    }
    piece = '';
  };
  for (const c of text) {
    if (QUOTES.has(c)) {
      flush(inPhrase);
      inPhrase = !inPhrase;
    } else {
      piece += c;
    }
  }
  flush(inPhrase);
  return q;
}

/** True when `text` has the phrase's terms at the phrase's relative positions. */
export function hasPhrase(text, phrase) {
  if (!phrase.length) return true;
  const toks = analyzeTokens(text);
  const at = new Set(toks.map((t) => `${t.position}\u0000${t.text}`));
  return toks.some((start) => start.text === phrase[0][0] && phrase.every(([term, off]) => at.has(`${start.position + off}\u0000${term}`)));
}

/**
 * The window of about `width` characters of one of `texts` with the most
 * distinct `terms` close together (the first such), as plain text with "…"
 * where it is cut; null when no text has a term. src/analyze/snippet.rs
 * chooses the same passage.
 */
export function snippetOf(texts, terms, width = SNIPPET_CHARS) {
  const wanted = new Set(terms);
  let best = null;
  texts.forEach((text, k) => {
    if (typeof text !== 'string') return;
    const toks = analyzeTokens(text).filter((t) => wanted.has(t.text));
    toks.forEach((first, i) => {
      const seen = new Set();
      for (let j = i; j < toks.length && toks[j].to <= first.from + Math.floor((width * 2) / 3); j++) seen.add(toks[j].text);
      if (!best || seen.size > best.n) best = { n: seen.size, k, from: first.from };
    });
  });
  if (!best) return null;
  const text = texts[best.k];
  let start = Math.max(0, best.from - Math.floor(width / 3));
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
  let end = Math.min(text.length, start + width);
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
  const body = text.slice(start, end).split(WHITE_SPACE).filter((w) => w !== '').join(' ');
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}

/** Filter values as an array of strings (a string, a number or a list; empty → none). */
function filterValues(v) {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => x !== undefined && x !== null && x !== '').map(String);
}

function nonNegativeInt(v, fallback) {
  const n = Math.floor(Number(v));
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** The static search index at `baseUrl` (the `search/` folder of a built site). */
export class SearchIndex {
  /**
   * @param {string|URL} baseUrl folder holding manifest.json
   * @param {{fetchBytes?: (url: string) => Promise<Uint8Array>}} [options]
   */
  constructor(baseUrl, { fetchBytes } = {}) {
    const base = String(baseUrl);
    this.baseUrl = base.endsWith('/') ? base : base + '/';
    this.fetchBytes = fetchBytes || defaultFetchBytes;
    this._manifest = null;
    this._files = new Map(); // file name → Promise of its parsed content
    /** Names of files fetched so far (for tests and measurements). */
    this.fetched = [];
  }

  /**
   * Fetches (once) and parses a file; a failed fetch is not cached, so it can
   * be retried. `init` goes to fetch (passage files, not named by content,
   * are revalidated).
   */
  _load(file, parse, init) {
    let p = this._files.get(file);
    if (!p) {
      p = (async () => {
        let bytes;
        try {
          this.fetched.push(file);
          bytes = await this.fetchBytes(this.baseUrl + file, init);
        } catch (e) {
          throw new SearchError('network', `cannot fetch the search index (${file}): ${e && e.message ? e.message : e}`, { cause: e });
        }
        return parse(await gunzip(bytes));
      })();
      this._files.set(file, p);
      p.catch(() => {
        if (this._files.get(file) === p) this._files.delete(file);
      });
    }
    return p;
  }

  _json(file, init) {
    return this._load(
      file,
      (bytes) => {
        try {
          return JSON.parse(decoder.decode(bytes));
        } catch (e) {
          throw new SearchError('format', `${file} is not valid JSON`, { cause: e });
        }
      },
      init,
    );
  }

  /** The manifest (fetched once; refuses another format or analyzer version). */
  async manifest() {
    if (!this._manifest) {
      const p = (async () => {
        let bytes;
        try {
          bytes = await this.fetchBytes(this.baseUrl + 'manifest.json', { cache: 'no-cache' });
        } catch (e) {
          throw new SearchError('network', `cannot fetch the search index: ${e && e.message ? e.message : e}`, { cause: e });
        }
        let m;
        try {
          m = JSON.parse(decoder.decode(await gunzip(bytes)));
        } catch (e) {
          throw new SearchError('format', 'search/manifest.json is not valid JSON', { cause: e });
        }
        if (!m || m.format !== INDEX_FORMAT || m.analyzer !== ANALYZER_VERSION) {
          throw new SearchError(
            'version',
            `the search index has format ${m && m.format} / analyzer ${m && m.analyzer}; this page reads format ${INDEX_FORMAT} / analyzer ${ANALYZER_VERSION} (rebuild the site)`,
          );
        }
        const blocks = m.doc_blocks;
        if (!Array.isArray(m.shards) || !blocks || typeof blocks.hash !== 'string' || !Number.isInteger(blocks.count)) {
          throw new SearchError('format', 'search/manifest.json lacks shards or doc_blocks');
        }
        // Scores are computed here, so what they depend on must be sound.
        const isCount = (n) => Number.isSafeInteger(n) && n >= 0;
        if (
          !isCount(m.docs) ||
          !(typeof m.score_scale === 'number' && m.score_scale > 0 && m.score_scale < Infinity) ||
          !(Array.isArray(m.tokens) && m.tokens.length === FIELDS && m.tokens.every(isCount)) ||
          typeof m.norms !== 'string'
        ) {
          throw new SearchError('format', 'search/manifest.json lacks docs, score_scale, tokens or norms');
        }
        // The manifest stores [first term, hash(, 1 = continues the previous
        // shard's last term)] and one hash for all blocks (it is fetched on
        // every visit); file names follow from them.
        m.shards = m.shards.map(([first, hash, cont]) => ({ first, file: `terms-${hash}.txt.gz`, cont: cont === 1 }));
        blocks.files = Array.from({ length: blocks.count }, (_, k) => `docs-${blocks.hash}-${k}.json.gz`);
        m.norms = { file: `norms-${m.norms}.bin.gz` };
        m.score = bm25Scorer({ docs: m.docs, tokens: m.tokens, scoreScale: m.score_scale }); // its tables, once per manifest
        m.facets = m.facets || {};
        for (const k of ['severities', 'years', 'services', 'tags']) if (!Array.isArray(m.facets[k])) m.facets[k] = [];
        return m;
      })();
      this._manifest = p;
      p.catch(() => {
        if (this._manifest === p) this._manifest = null;
      });
    }
    return this._manifest;
  }

  _shard(file) {
    return this._load(file, (bytes) => new Shard(decoder.decode(bytes)));
  }

  /**
   * What decoding a shard line needs: the scorer and the norms file (4 bytes
   * per document). Asked for by each term as it loads its shards, so the
   * norms file (loaded once) comes in parallel with them, and only for queries
   * that have terms.
   */
  async _scoring(m) {
    const norms = await this._load(m.norms.file, (bytes) => {
      if (bytes.length !== 4 * m.docs) {
        throw new SearchError('format', `${m.norms.file} has ${bytes.length} bytes, not 4 per document (${4 * m.docs})`);
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    });
    return { score: m.score, norms, docs: m.docs };
  }

  /**
   * Shards that may hold `term`: the last shard whose first ≤ term, and
   * before it each shard that it continues (marked `cont`) while the term
   * runs on. [lo, hi] or null.
   */
  _range(m, term) {
    const hi = lastAtMost(m.shards, term, (s) => s.first);
    if (hi < 0) return null;
    let lo = hi;
    while (lo > 0 && m.shards[lo].cont && m.shards[lo].first === term) lo--;
    return [lo, hi];
  }

  /** doc → score of one exact term. */
  async _exact(m, term) {
    const postings = new Map();
    const range = this._range(m, term);
    if (!range) return postings;
    const files = [];
    for (let i = range[0]; i <= range[1]; i++) files.push(m.shards[i].file);
    const [scoring, ...shards] = await Promise.all([this._scoring(m), ...files.map((f) => this._shard(f))]);
    for (const shard of shards) {
      for (let i = firstAtLeast(shard.terms, term); i < shard.terms.length && shard.terms[i] === term; i++) {
        shard.decode(i, postings, scoring);
      }
    }
    return postings;
  }

  /**
   * doc → best score over the first PREFIX_LIMIT index terms (code point
   * order) that start with `prefix`. Shards are read in order until enough
   * complete terms are found.
   */
  async _prefix(m, prefix) {
    const best = new Map();
    const range = this._range(m, prefix);
    const start = range ? range[0] : 0;
    let end = range ? range[1] : -1;
    while (end + 1 < m.shards.length && m.shards[end + 1].first.startsWith(prefix)) end++;
    const seen = []; // distinct matching terms, in order
    const perTerm = new Map(); // term → Map(doc → score)
    // Shards before the prefix's own are loaded together (they are few).
    let i = start;
    const first = range ? range[1] : start;
    let batch = [];
    for (; i <= Math.min(first, end); i++) batch.push(m.shards[i].file);
    while (batch.length) {
      const [scoring, ...shards] = await Promise.all([this._scoring(m), ...batch.map((f) => this._shard(f))]);
      for (const shard of shards) {
        for (let k = firstAtLeast(shard.terms, prefix); k < shard.terms.length; k++) {
          const t = shard.terms[k];
          if (!t.startsWith(prefix)) break;
          let map = perTerm.get(t);
          if (!map) {
            if (seen.length >= PREFIX_LIMIT) break;
            seen.push(t);
            map = new Map();
            perTerm.set(t, map);
          }
          shard.decode(k, map, scoring);
        }
      }
      batch = [];
      const last = seen[seen.length - 1];
      // Continue while the limit is not reached, or the last term goes on in the next shard.
      if (i <= end && (seen.length < PREFIX_LIMIT || m.shards[i].first === last)) {
        batch.push(m.shards[i].file);
        i++;
      }
    }
    for (const map of perTerm.values()) {
      for (const [doc, s] of map) {
        const b = best.get(doc);
        if (b === undefined || s > b) best.set(doc, s);
      }
    }
    return best;
  }

  /** A predicate on document numbers for `filters`, or null when none is set. */
  async _filter(m, filters) {
    const active = [];
    for (const [name, [list, key, multi]] of Object.entries(FILTERS)) {
      const values = filterValues(filters && filters[name]);
      if (values.length) active.push({ list, key, multi, values });
    }
    if (!active.length) return null;
    if (!m.facets.file) return () => false;
    const facets = await this._json(m.facets.file);
    const checks = active.map(({ list, key, multi, values }) => {
      // Exact values, or the same ignoring case (as `hindsight search --service` does).
      const wanted = new Set();
      const names = m.facets[list];
      for (const v of values) {
        const folded = v.trim().toLowerCase();
        names.forEach((name, i) => {
          if (name === v || String(name).toLowerCase() === folded) wanted.add(i);
        });
      }
      const column = (facets && facets[key]) || [];
      if (multi) {
        return (doc) => Array.isArray(column[doc]) && column[doc].some((x) => wanted.has(x));
      }
      return (doc) => wanted.has(column[doc]);
    });
    return (doc) => checks.every((c) => c(doc));
  }

  /** Documents `docs` (numbers) from their blocks. */
  async _docs(m, docs) {
    const size = m.doc_blocks.size;
    const blocks = new Map();
    for (const d of docs) {
      const k = Math.floor(d / size);
      if (!blocks.has(k) && m.doc_blocks.files[k]) blocks.set(k, this._json(m.doc_blocks.files[k]));
    }
    const loaded = new Map();
    await Promise.all([...blocks].map(async ([k, p]) => loaded.set(k, await p)));
    return docs.map((d) => {
      const block = loaded.get(Math.floor(d / size));
      return (Array.isArray(block) && block[d % size]) || {};
    });
  }

  /**
   * Runs a query (docs/src/search-index.md, "Query semantics"). With
   * `snippets`, each result's `snippet` is the passage that matched, from
   * its passage file (else its summary).
   * @returns {Promise<{terms: string[], prefix: string|null, mode: 'and'|'or', total: number,
   *   results: {doc: number, score: number, title: string, url: string, date: string|null,
   *   severity: string|null, services: string[], summary: string, snippet: string}[], phraseLimited: boolean}>}
   *   `mode` is 'browse' when the query has no term but filters or exclusions (every document they keep, by number).
   *   `score` is the exact integer sum of the terms' scaled scores (bm25Scorer).
   */
  async search(query, { filters = {}, prefix = false, limit = 10, offset = 0, snippets = true } = {}) {
    let q;
    try {
      q = parseQuery(typeof query === 'string' ? query : String(query ?? ''));
    } catch {
      return emptyResult();
    }
    const terms = q.terms;
    const prefixTerm = prefix ? q.last : null;
    const filtering = Object.keys(FILTERS).some((name) => filterValues(filters && filters[name]).length > 0);
    // Nothing to search for and nothing to browse by: no need for the index.
    if (!terms.length && !q.excluded.length && !filtering) return emptyResult();
    limit = nonNegativeInt(limit, 10);
    offset = nonNegativeInt(offset, 0);

    const m = await this.manifest();
    const keepP = this._filter(m, filters); // facets load in parallel with the shards
    keepP.catch(() => {});
    const lists = await Promise.all(terms.map((t) => (t === prefixTerm ? this._prefix(m, t) : this._exact(m, t))));
    const outP = this._excluded(m, q.excluded);
    const keep = await keepP;
    const out = await outP;
    if (!terms.length && !keep && !q.excluded.length) return emptyResult();

    let { mode, hits } = terms.length ? combine(lists, q.phrases.length > 0) : { mode: 'browse', hits: [] };
    if (mode === 'browse') for (let d = 0; d < m.docs; d++) hits.push([d, 0]);
    hits = hits.filter(([doc]) => !out.has(doc) && (!keep || keep(doc)));
    hits.sort((a, b) => b[1] - a[1] || a[0] - b[0]);

    let phraseLimited = false;
    if (q.phrases.length) {
      phraseLimited = hits.length > PHRASE_CHECKS;
      hits = hits.slice(0, PHRASE_CHECKS);
      const fields = await this._fields(m, hits.map((h) => h[0]));
      hits = hits.filter((h, i) => q.phrases.every((p) => fields[i].some((f) => hasPhrase(f, p))));
    }

    const page = hits.slice(offset, offset + limit);
    const fields = snippets ? await this._fields(m, page.map((h) => h[0])) : page.map(() => ['', '', '']);
    const docs = await this._docs(m, page.map((h) => h[0]));
    const marks = prefixTerm ? [...terms.filter((t) => t !== prefixTerm)] : terms;
    const results = page.map(([doc, score], i) => {
      const d = docs[i];
      const summary = typeof d.m === 'string' ? d.m : '';
      // The prefix's whole words mark the passage when its own term is not in it.
      const snippet = snippetOf(fields[i].slice(1), marks.length ? marks : terms) ?? (prefixTerm ? prefixSnippet(fields[i].slice(1), prefixTerm) : null);
      return {
        doc,
        score,
        title: typeof d.t === 'string' ? d.t : '',
        url: typeof d.u === 'string' ? d.u : '',
        date: d.d ?? null,
        severity: d.s ?? null,
        services: Array.isArray(d.v) ? d.v : [],
        summary,
        snippet: snippet ?? summary,
      };
    });
    return { terms, prefix: prefixTerm, mode, total: hits.length, phraseLimited, results };
  }

  /** doc → true for the documents that have every term of some excluded word. */
  async _excluded(m, excluded) {
    const out = new Set();
    for (const word of excluded) {
      const lists = await Promise.all(word.map((t) => this._exact(m, t)));
      for (const doc of lists[0].keys()) if (lists.every((l) => l.has(doc))) out.add(doc);
    }
    return out;
  }

  /**
   * [title, summary, body] of documents `docs`: the title from their blocks,
   * the rest from their passage files (`text/<x>.json.gz`, one per document,
   * named by the postmortem's id: revalidated, as they change in place).
   */
  async _fields(m, docs) {
    const entries = await this._docs(m, docs);
    return Promise.all(
      entries.map(async (d) => {
        const title = typeof d.t === 'string' ? d.t : '';
        if (typeof d.x !== 'string') return [title, '', ''];
        // Ids are slugs (letters, digits, "-"): safe in a URL as they are.
        const text = await this._json(`text/${d.x}.json.gz`, { cache: 'no-cache' });
        return Array.isArray(text) ? [title, String(text[0] ?? ''), String(text[1] ?? '')] : [title, '', ''];
      }),
    );
  }
}

/**
 * AND over the terms' postings (doc → score); if no document has every term
 * and there are several terms and no phrase, OR.
 */
function combine(lists, phrase) {
  let smallest = lists[0];
  for (const l of lists) if (l.size < smallest.size) smallest = l;
  const hits = [];
  for (const doc of smallest.keys()) {
    let sum = 0;
    let all = true;
    for (const l of lists) {
      const s = l.get(doc);
      if (s === undefined) {
        all = false;
        break;
      }
      sum += s;
    }
    if (all) hits.push([doc, sum]);
  }
  if (hits.length || lists.length <= 1 || phrase) return { mode: 'and', hits };
  const sums = new Map();
  for (const l of lists) for (const [doc, s] of l) sums.set(doc, (sums.get(doc) || 0) + s);
  return { mode: 'or', hits: [...sums] };
}

/** A snippet around the first word that starts with `prefix`. */
function prefixSnippet(texts, prefix) {
  for (const text of texts) {
    const t = analyzeTokens(text || '').find((x) => x.text.startsWith(prefix));
    if (t) return snippetOf([text], [t.text]);
  }
  return null;
}

/**
 * Splits `text` into segments `{text, mark}` where `mark` is true on the
 * words matching a query term (or starting with `prefixTerm`). Overlapping
 * CJK bigrams merge into one mark. Build DOM nodes from the segments; never
 * use them as HTML.
 */
export function highlight(text, queryTerms, prefixTerm) {
  if (typeof text !== 'string' || text === '') return [];
  const wanted = new Set(Array.isArray(queryTerms) ? queryTerms : []);
  const pre = typeof prefixTerm === 'string' && prefixTerm !== '' ? prefixTerm : null;
  const ranges = [];
  if (wanted.size || pre) {
    for (const t of analyzeTokens(text)) {
      if (!(wanted.has(t.text) || (pre && t.text.startsWith(pre)))) continue;
      const last = ranges[ranges.length - 1];
      if (last && t.from <= last[1]) last[1] = Math.max(last[1], t.to);
      else ranges.push([t.from, t.to]);
    }
  }
  const out = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (from > at) out.push({ text: text.slice(at, from), mark: false });
    out.push({ text: text.slice(from, to), mark: true });
    at = to;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
