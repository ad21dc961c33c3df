// "On this day" on the home page: postmortems whose incident happened on
// today's month and day in an earlier year. The site is built once, so the
// browser picks the day, then loads that month's data with a script element
// (works from file:// too): on-this-day/MM.js sets
// window.HINDSIGHT_ON_THIS_DAY = [["DD", "YYYY", url, title], …].
// Text goes in with textContent only, never parsed as HTML.
(() => {
  const section = document.getElementById('on-this-day');
  if (!section) return;
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const month = pad(now.getMonth() + 1);
  const day = pad(now.getDate());
  const year = now.getFullYear();
  const show = (rows) => {
    const hits = rows
      .filter(([d, y]) => d === day && Number(y) < year)
      .sort((a, b) => b[1].localeCompare(a[1]) || a[3].localeCompare(b[3]));
    const list = section.querySelector('ul');
    for (const [, y, url, title] of hits) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = url;
      a.textContent = title;
      const ago = year - Number(y);
      const when = document.createElement('span');
      when.className = 'meta';
      when.textContent = ` ${y}, ${ago} year${ago === 1 ? '' : 's'} ago`;
      li.append(a, when);
      list.append(li);
    }
    const empty = section.querySelector('.on-this-day-empty');
    if (empty) empty.hidden = hits.length > 0;
    section.hidden = false;
  };
  const script = document.createElement('script');
  script.src = `${section.dataset.src}${month}.js`;
  script.onload = () => show(Array.isArray(window.HINDSIGHT_ON_THIS_DAY) ? window.HINDSIGHT_ON_THIS_DAY : []);
  document.head.append(script);
})();
