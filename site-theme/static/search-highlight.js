// On a postmortem page opened from a search result (`?q=…`): marks the
// query's words in the page and scrolls to the first one in the body. Marks
// are inline and only change the background, so nothing moves. Loaded by
// search-ui.js on postmortem pages only.

import { highlight, parseQuery } from './search-core.js';

/** Text nodes under `root` worth marking (not in scripts, styles, forms or marks). */
function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const parent = node.parentElement;
      if (!parent || !node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
      if (parent.closest('script, style, textarea, input, select, mark, form, noscript')) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
  return out;
}

/** Marks the words of `query` in `root`; returns the marks, in document order. */
export function markQuery(root, query) {
  const terms = parseQuery(query).terms;
  const marks = [];
  if (!terms.length) return marks;
  for (const node of textNodes(root)) {
    const segments = highlight(node.nodeValue, terms, null);
    if (!segments.some((s) => s.mark)) continue;
    const frag = document.createDocumentFragment();
    for (const seg of segments) {
      if (!seg.mark) {
        frag.append(seg.text);
        continue;
      }
      const mark = document.createElement('mark');
      mark.className = 'search-term';
      mark.textContent = seg.text;
      marks.push(mark);
      frag.append(mark);
    }
    node.replaceWith(frag);
  }
  return marks;
}

/** Runs on load: marks `?q=` in the postmortem and scrolls to its first match in the body. */
export function start() {
  const q = new URL(location.href).searchParams.get('q');
  const article = document.querySelector('article.postmortem');
  if (!q || !article) return;
  const marks = markQuery(article, q);
  if (!marks.length) return;
  const body = article.querySelector('.body');
  const first = marks.find((m) => body && body.contains(m)) || marks[0];
  first.scrollIntoView({ block: 'center' });
  document.documentElement.dataset.searchMarks = String(marks.length);
}
