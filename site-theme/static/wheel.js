// Wheel of Misfortune: "Spin the wheel" opens a random incident among all
// the listed ones, on this page of the list or another. Runs only in the
// browser; its one request is for another page of the same list. Without
// JavaScript the button stays hidden and the list is the way in.
(() => {
  const button = document.getElementById('wheel-spin');
  const slots = [...document.querySelectorAll('a[data-wheel]')];
  if (!button || slots.length === 0) return;
  const data = button.dataset;
  const total = Number(data.total) || slots.length;
  const size = Number(data.size) || slots.length;
  const current = Number(data.page) || 1;
  const pageUrl = (n) => (n === 1 ? data.first : `${data.later}${n}.html`);
  const random = () => {
    const pick = new Uint32Array(1);
    crypto.getRandomValues(pick);
    return pick[0];
  };
  // The `k`th incident of page `n`: read from that page's list (a page
  // opened from disk cannot fetch another: then one from this page).
  const slotOn = async (n, k) => {
    if (n === current) return slots[k]?.href;
    const response = await fetch(pageUrl(n));
    if (!response.ok) throw new Error(`${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const href = doc.querySelectorAll('a[data-wheel]')[k]?.getAttribute('href');
    return href ? new URL(href, response.url).href : undefined;
  };
  button.hidden = false;
  button.addEventListener('click', async () => {
    const i = random() % total;
    let href;
    try {
      href = await slotOn(Math.floor(i / size) + 1, i % size);
    } catch {
      href = undefined;
    }
    window.location.assign(href ?? slots[random() % slots.length].href);
  });
})();
