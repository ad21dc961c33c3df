// Light or dark: the reader's choice, remembered in localStorage; until
// they choose, the system's. Loaded in <head> without `defer` so the
// theme is set before the first paint (no flash of the other theme).
(function () {
  var KEY = 'hindsight-theme';
  var root = document.documentElement;
  var stored = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // Storage can be blocked (private modes, file:// pages): follow the system.
  }
  if (stored === 'light' || stored === 'dark') root.dataset.theme = stored;

  var system = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  function isDark() {
    return root.dataset.theme ? root.dataset.theme === 'dark' : !!(system && system.matches);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var buttons = document.querySelectorAll('.theme-toggle');
    function show() {
      buttons.forEach(function (b) {
        b.setAttribute('aria-pressed', String(isDark()));
      });
    }
    buttons.forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () {
        var next = isDark() ? 'light' : 'dark';
        root.dataset.theme = next;
        try {
          localStorage.setItem(KEY, next);
        } catch {
          // Not remembered, but this page still switches.
        }
        show();
      });
    });
    if (system && system.addEventListener) system.addEventListener('change', show);
    show();
  });
})();
