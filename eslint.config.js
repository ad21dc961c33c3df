// ESLint (flat config) over the JavaScript the site ships: the browser
// search, its analyzer (also run under node by the parity tests), the
// Trends filters, the Wheel of Misfortune and the theme toggle.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['site-theme/static/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
  },
  {
    // Loaded with a plain <script> tag, not as modules.
    files: ['site-theme/static/theme.js', 'site-theme/static/on-this-day.js', 'site-theme/static/wheel.js'],
    languageOptions: { sourceType: 'script' },
  },
];
