// The shared analyzer fixture, checked against the JavaScript port; the Rust
// side checks the same file (`cargo test --lib analyze`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tokens, terms, stem, ANALYZER_VERSION, MAX_WORD_CHARS } from '../../site-theme/static/analyzer.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/analyzer.json', import.meta.url), 'utf8'));

test('fixture has enough cases', () => {
  assert.ok(fixture.length >= 20);
  assert.equal(ANALYZER_VERSION, 1);
  assert.equal(MAX_WORD_CHARS, 40);
});

for (const [i, c] of fixture.entries()) {
  test(`fixture #${i}: ${JSON.stringify(c.input).slice(0, 60)}`, () => {
    const got = tokens(c.input).map((t) => [t.text, t.position]);
    assert.deepEqual(got, c.tokens);
  });
}

test('offsets are UTF-16 indices that slice the token source', () => {
  for (const c of fixture) {
    for (const t of tokens(c.input)) {
      assert.ok(t.from >= 0 && t.from < t.to && t.to <= c.input.length);
      const src = c.input.slice(t.from, t.to);
      // The token is the (lowercased, maybe stemmed) source text.
      assert.ok(src.length >= 1);
      assert.ok(!/^[\uDC00-\uDFFF]/.test(src) && !/[\uD800-\uDBFF]$/.test(src), 'no split surrogate');
    }
  }
  const text = 'DB 서버가 timeouts';
  const t = tokens(text);
  assert.equal(t[1].text, '서버');
  assert.equal(text.slice(t[1].from, t[1].to), '서버');
  assert.equal(text.slice(t[3].from, t[3].to), 'timeouts');
});

test('word length is counted in code points, not UTF-16 units', () => {
  const forty = '𝐚'.repeat(40); // 80 UTF-16 units
  assert.deepEqual(terms(forty), [forty]);
  assert.deepEqual(tokens('𝐚'.repeat(41) + ' x'), [{ text: 'x', position: 1, from: 83, to: 84 }]);
});

test('stemmer only touches ASCII lowercase words longer than 3', () => {
  assert.equal(stem('policies'), 'policy');
  assert.equal(stem('ies'), 'ies');
  assert.equal(stem('toes'), 'toe');
  assert.equal(stem('status'), 'status');
  assert.equal(stem('cafés'), 'cafés');
  assert.equal(terms('\u212AEYS')[0], 'key'); // Kelvin sign lowercases to ASCII k
});

test('odd inputs do not throw', () => {
  for (const s of ['', '\uD800', 'a\uDC00b', '\u0000', 'x'.repeat(100000), '.*+?^${}()|[]\\', undefined, null, 42]) {
    assert.ok(Array.isArray(tokens(s)));
  }
  assert.deepEqual(terms('a\uD800b'), ['a', 'b']);
});
