// Wheel of Misfortune: "Spin the wheel" opens a random incident among the
// ones listed on the page. Runs only in the browser, makes no request of its
// own; without JavaScript the button stays hidden and the list is the way in.
(() => {
  const button = document.getElementById('wheel-spin');
  const slots = [...document.querySelectorAll('a[data-wheel]')];
  if (!button || slots.length === 0) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    const pick = new Uint32Array(1);
    crypto.getRandomValues(pick);
    window.location.assign(slots[pick[0] % slots.length].href);
  });
})();
