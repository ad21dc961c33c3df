// Search on every page: the header box with live results, and the search page
// (search/index.html) with filters. Loaded as an ES module from every page;
// everything it fetches comes from this site (the search/ folder next to
// static/), so it works from a sub-path and makes no request elsewhere.
// Content is only ever inserted as text nodes, never as HTML.

import { SearchIndex, SearchError, highlight, PHRASE_CHECKS } from './search-core.js';

const SITE_ROOT = new URL('..', import.meta.url);
const SEARCH_PAGE = new URL('search/index.html', SITE_ROOT);
const DEBOUNCE_MS = 80;
const POPUP_LIMIT = 8;
const PAGE_LIMIT = 20;
const FILTERS = ['severity', 'service', 'tag', 'year'];
const IDLE = 'Type a word to search, or choose a filter to browse.';

const index = new SearchIndex(new URL('search/', SITE_ROOT).href);

/** Creates an element; `props` are properties (or `attrs` for attributes); children are nodes or text. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null) continue;
      if (k === 'attrs') for (const [a, av] of Object.entries(v)) node.setAttribute(a, av);
      else node[k] = v;
    }
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** `text` as text nodes with the matching words in <mark>. */
function marked(text, answer) {
  const frag = document.createDocumentFragment();
  for (const seg of highlight(text || '', answer.terms, answer.prefix)) {
    frag.append(seg.mark ? el('mark', null, seg.text) : seg.text);
  }
  return frag;
}

/** While typing, the last word is a prefix unless the query ends with a separator. */
function typingPrefix(q) {
  return /[\p{Alphabetic}\p{N}]$/u.test(q);
}

/** The result's page; with the query as `?q=`, which highlights its words there. */
function hrefOf(result, q) {
  const url = new URL(result.url, SITE_ROOT);
  if (q && q.trim()) url.searchParams.set('q', q.trim());
  return url.href;
}

/** A sentence for a failure, pointing at the likely fix. */
function failure(e) {
  if (location.protocol === 'file:') {
    return 'Search needs the site served over http(s); browsers block it on pages opened from a file. To preview a build, run “python3 -m http.server” in the output folder and open http://localhost:8000/.';
  }
  if (e instanceof SearchError && e.kind === 'version') {
    return `Search is unavailable: ${e.message}.`;
  }
  if (e instanceof SearchError && e.kind === 'network') {
    return 'Search is unavailable: the search index could not be loaded (is the search/ folder published with the site?). Try again later.';
  }
  return `Search is unavailable: ${e && e.message ? e.message : e}`;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** One word (no space inside), however many terms the analyzer makes of it. */
function oneWord(q) {
  return q.trim().split(/\p{White_Space}+/u).length <= 1;
}

/** The AND→OR fallback, said for one word or several. */
function partial(q) {
  return oneWord(q)
    ? `No postmortem has all of “${q.trim()}”; showing those with part of it.`
    : 'No postmortem has all the words; showing those with any.';
}

/** Why nothing is shown, and what to try. */
function nothing(answer, q, filtered) {
  if (!answer.terms.length && answer.mode !== 'browse') {
    return `“${q.trim()}” has no words to search for: type a word of two letters or more${filtered ? '' : ', or choose a filter'}.`;
  }
  if (filtered) return `No postmortem matches “${q.trim()}” with these filters. Try removing a filter.`;
  return oneWord(q)
    ? `No postmortem matches “${q.trim()}”. Try another spelling or a shorter word.`
    : `No postmortem matches “${q.trim()}”. Try fewer words or another spelling.`;
}

/** Severity chip, date, service chips (like the theme's cards). */
function meta(result) {
  const p = el('p', { className: 'meta' });
  if (result.severity) {
    const slug = String(result.severity).toLowerCase().replace(/[^a-z0-9-]/g, '');
    p.append(el('span', { className: `sev sev-${slug}` }, result.severity), ' ');
  }
  if (result.date) p.append(el('time', { attrs: { datetime: result.date } }, result.date), ' ');
  else p.append(el('span', { className: 'unknown' }, 'date unknown'), ' ');
  for (const s of result.services) p.append(el('span', { className: 'chip' }, s), ' ');
  return p;
}

/** `/` focuses the search box (when not typing somewhere else). */
function installSlash(getInput) {
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.isComposing) return;
    const t = e.target;
    if (t instanceof Element && (t.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'))) return;
    const input = getInput();
    if (!input) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
}

// ---------------------------------------------------------------- header box

function setupHeader(form) {
  const input = form.querySelector('input[name="q"]');
  const popup = form.querySelector('.search-popup');
  const list = form.querySelector('.search-options');
  const note = form.querySelector('.search-note');
  const live = form.querySelector('[role="status"]');
  if (!input || !popup || !list || !note) return null;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  let seq = 0;
  let timer = 0;
  let active = -1;
  let options = [];
  let shownFor = null;

  function setActive(i) {
    options.forEach((o, k) => o.setAttribute('aria-selected', String(k === i)));
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open() {
    if (!popup.hidden) return;
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function option(id, href, ...content) {
    // No link inside: an option's content is presentational, and a
    // focusable element in it is lost to assistive technology.
    const li = el('li', { id, className: 'search-option', attrs: { role: 'option', 'aria-selected': 'false', 'data-href': href } },
      el('span', { className: 'search-option-link' }, ...content));
    li.addEventListener('click', () => {
      location.href = href;
    });
    li.addEventListener('mousemove', () => {
      const i = options.indexOf(li);
      if (i !== active) setActive(i);
    });
    return li;
  }

  function render(answer, q) {
    list.replaceChildren();
    options = [];
    answer.results.forEach((r, i) => {
      const bits = [];
      if (r.severity) bits.push(r.severity);
      if (r.date) bits.push(r.date);
      if (r.services.length) bits.push(r.services.join(', '));
      const li = option(`${list.id}-${i}`, hrefOf(r, q),
        el('span', { className: 'search-option-title' }, marked(r.title, answer)),
        bits.length ? el('span', { className: 'search-option-meta' }, bits.join(' · ')) : null);
      options.push(li);
      list.append(li);
    });
    const all = new URL(SEARCH_PAGE);
    all.searchParams.set('q', q);
    if (answer.total > 0) {
      const more = option(`${list.id}-all`, all.href,
        el('span', { className: 'search-option-all' },
          answer.total > answer.results.length ? `All ${answer.total} results →` : 'Open on the search page →'));
      options.push(more);
      list.append(more);
      note.textContent = answer.mode === 'or' ? partial(q) : '';
    } else {
      note.textContent = nothing(answer, q, false);
    }
    note.hidden = note.textContent === '';
    if (live) live.textContent = answer.total ? plural(answer.total, 'result', 'results') : 'No results';
    active = -1;
    setActive(-1);
    shownFor = q;
    open();
  }

  function showError(e) {
    list.replaceChildren();
    options = [];
    note.textContent = failure(e);
    note.hidden = false;
    if (live) live.textContent = note.textContent;
    shownFor = input.value;
    open();
  }

  async function run() {
    const q = input.value;
    const mine = ++seq;
    if (!q.trim()) {
      close();
      shownFor = null;
      return;
    }
    try {
      const answer = await index.search(q, { prefix: typingPrefix(q), limit: POPUP_LIMIT, snippets: false });
      if (mine === seq) render(answer, q);
    } catch (e) {
      if (mine === seq) showError(e);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  input.addEventListener('focus', () => {
    if (shownFor !== null && shownFor === input.value && input.value.trim()) open();
  });
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return; // Korean IME: Enter/arrows belong to the composition
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (popup.hidden) {
        if (shownFor !== null && shownFor === input.value && options.length) open();
        else return;
      }
      e.preventDefault();
      if (!options.length) return;
      const n = options.length;
      setActive(e.key === 'ArrowDown' ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
    } else if (e.key === 'Enter') {
      if (!popup.hidden && active >= 0 && options[active]) {
        e.preventDefault();
        location.href = options[active].dataset.href;
      }
      // Otherwise the form goes to the search page (also without JavaScript).
    } else if (e.key === 'Escape') {
      if (!popup.hidden) {
        e.preventDefault();
        close();
      }
    }
  });
  form.addEventListener('focusout', (e) => {
    if (!(e.relatedTarget instanceof Node && form.contains(e.relatedTarget))) close();
  });
  // Clicks in the popup must not blur the input (closing it) before an
  // option's click navigates.
  popup.addEventListener('mousedown', (e) => e.preventDefault());
  return input;
}

// --------------------------------------------------------------- search page

function setupPage(form) {
  const input = form.querySelector('input[name="q"]');
  const fieldset = form.querySelector('.search-filters');
  const selects = Object.fromEntries(FILTERS.map((f) => [f, form.querySelector(`select[name="${f}"]`)]));
  const status = document.getElementById('search-status');
  const results = document.getElementById('search-results');
  const moreButton = document.getElementById('search-more');
  const needs = document.getElementById('search-needs');
  if (!input || !status || !results) return null;
  if (needs) needs.hidden = true;

  let seq = 0;
  let timer = 0;
  let last = null; // {q, prefix, filters, shown, total}

  function filters() {
    const out = {};
    for (const f of FILTERS) if (selects[f] && selects[f].value) out[f] = selects[f].value;
    return out;
  }

  /** Ensures the select offers `value` (a URL may name one the index lacks) and selects it. */
  function choose(select, value) {
    if (!select) return;
    if (value && ![...select.options].some((o) => o.value === value)) select.append(el('option', { value }, value));
    select.value = value || '';
  }

  function readUrl() {
    const params = new URL(location.href).searchParams;
    input.value = params.get('q') || '';
    for (const f of FILTERS) choose(selects[f], params.get(f) || '');
  }

  function writeUrl() {
    const url = new URL(location.href);
    const q = input.value;
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    const fs = filters();
    for (const f of FILTERS) {
      if (fs[f]) url.searchParams.set(f, fs[f]);
      else url.searchParams.delete(f);
    }
    if (url.href !== location.href) history.replaceState(null, '', url);
  }

  function card(r, answer, q) {
    const href = hrefOf(r, answer.terms.length ? q : '');
    return el('li', { className: 'card search-hit' },
      el('h3', null, el('a', { href }, marked(r.title, answer))),
      meta(r),
      r.snippet ? el('p', { className: 'summary snippet' }, marked(r.snippet, answer)) : null);
  }

  function describe(answer, q, filtered) {
    const f = filtered ? ' with these filters' : '';
    if (answer.total === 0) return nothing(answer, q, filtered);
    if (answer.mode === 'browse') {
      return `${plural(answer.total, 'postmortem', 'postmortems')}${q.trim() ? ` without the excluded words` : ''}${f}, newest first.`;
    }
    if (answer.mode === 'or') {
      return `${partial(q)} ${plural(answer.total, 'postmortem has', 'postmortems have')} some of ${oneWord(q) ? 'it' : 'them'}${f}.`;
    }
    const checked = answer.phraseLimited ? ` (phrases checked in the ${PHRASE_CHECKS} best postmortems with all their words)` : '';
    return `${plural(answer.total, 'postmortem matches', 'postmortems match')} “${q.trim()}”${f}${checked}.`;
  }

  async function run({ prefix = false, append = false } = {}) {
    const q = input.value;
    const fs = filters();
    const mine = ++seq;
    const offset = append && last ? last.shown : 0;
    const filtered = Object.keys(fs).length > 0;
    if (!q.trim() && !filtered) {
      results.replaceChildren();
      status.textContent = IDLE;
      if (moreButton) moreButton.hidden = true;
      last = null;
      return;
    }
    form.setAttribute('aria-busy', 'true');
    try {
      const answer = await index.search(q, { prefix, filters: fs, limit: PAGE_LIMIT, offset });
      if (mine !== seq) return;
      const cards = answer.results.map((r) => card(r, answer, q));
      if (append) results.append(...cards);
      else results.replaceChildren(...cards);
      const shown = offset + answer.results.length;
      last = { shown, total: answer.total, prefix };
      status.textContent = describe(answer, q, filtered);
      if (moreButton) moreButton.hidden = shown >= answer.total;
      if (append && cards[0]) cards[0].querySelector('a').focus();
    } catch (e) {
      if (mine !== seq) return;
      results.replaceChildren();
      status.textContent = failure(e);
      if (moreButton) moreButton.hidden = true;
    } finally {
      if (mine === seq) form.removeAttribute('aria-busy');
    }
  }

  readUrl();
  index.manifest().then(
    (m) => {
      const lists = {
        severities: m.facets.severities,
        services: m.facets.services,
        tags: m.facets.tags,
        years: [...m.facets.years].sort().reverse(),
      };
      const params = new URL(location.href).searchParams;
      for (const f of FILTERS) {
        const select = selects[f];
        if (!select) continue;
        const values = lists[select.dataset.facet] || [];
        select.replaceChildren(el('option', { value: '' }, 'Any'), ...values.map((v) => el('option', { value: v }, v)));
        choose(select, params.get(f) || '');
        select.disabled = values.length === 0;
      }
      if (fieldset) fieldset.hidden = false;
    },
    (e) => {
      status.textContent = failure(e);
    },
  );
  if (input.value.trim() || Object.keys(filters()).length) run();
  else status.textContent = IDLE;

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      writeUrl();
      run({ prefix: typingPrefix(input.value) });
    }, DEBOUNCE_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    writeUrl();
    run();
  });
  for (const f of FILTERS) {
    if (!selects[f]) continue;
    selects[f].addEventListener('change', () => {
      writeUrl();
      run({ prefix: last ? last.prefix : false });
    });
  }
  if (moreButton) moreButton.addEventListener('click', () => run({ prefix: last ? last.prefix : false, append: true }));
  window.addEventListener('popstate', () => {
    readUrl();
    run();
  });

  // Arrow keys: from the box into the results, and between result titles.
  const links = () => [...results.querySelectorAll('.search-hit h3 a')];
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && !e.isComposing) {
      const first = links()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  results.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowDown') (all[i + 1] || all[i]).focus();
    else if (i === 0) input.focus();
    else all[i - 1].focus();
  });
  return input;
}

function start() {
  const page = document.querySelector('form[data-search="page"]');
  const header = document.querySelector('form[data-search="header"]');
  const pageInput = page ? setupPage(page) : null;
  const headerInput = header ? setupHeader(header) : null;
  installSlash(() => pageInput || headerInput);
  if (pageInput && !pageInput.value) pageInput.focus();
  // A postmortem opened from a result: mark the query's words there.
  if (document.querySelector('article.postmortem') && new URL(location.href).searchParams.has('q')) {
    import('./search-highlight.js').then((m) => m.start());
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
