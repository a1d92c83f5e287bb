#!/usr/bin/env node
// `pnpm test`: build what the tests drive, type-check, then run every test
// tier (API on real PostgreSQL, web units, end-to-end in Chromium, contract)
// in one vitest run, and end with one plain line: "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const checkOnly = process.argv.includes('--check-only');

function step(title, command, args) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

const steps = [
  ['build (codegen, API, web)', 'pnpm', ['run', 'build']],
  ['type-check the API and tests', 'pnpm', ['exec', 'tsc', '-p', 'apps/api/tsconfig.json']],
  ['type-check the end-to-end tests', 'pnpm', ['exec', 'tsc', '-p', 'tests/tsconfig.json']],
  ['svelte-check', 'pnpm', ['--filter', '@ripple/web', 'run', 'check']],
];
const failedSteps = steps.filter(([title, command, args]) => !step(title, command, args)).map(([title]) => title);
if (checkOnly) {
  console.log(failedSteps.length ? `\nchecks failed: ${failedSteps.join(', ')}` : '\nall checks passed');
  process.exit(failedSteps.length ? 1 : 0);
}

let passed = 0;
let failed = failedSteps.length;
if (failedSteps.length === 0) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ripple-test-report-'));
  const report = path.join(dir, 'vitest.json');
  step('tests', 'pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed = results.numPassedTests;
    failed += results.numFailedTests + (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
    // A file that failed to load has no tests to count: count it as a failure.
    failed += results.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
    // A tier that silently ran nothing (a broken project config) is a failure too.
    for (const tier of ['apps/api/', 'apps/web/', 'tests/']) {
      if (!results.testResults.some((file) => path.relative(root, file.name).startsWith(tier))) {
        failed += 1;
        console.error(`no test ran in ${tier}`);
      }
    }
  } catch {
    failed += 1;
    console.error('the test run produced no report');
  }
  rmSync(dir, { recursive: true, force: true });
} else {
  console.error(`\nnot running tests: ${failedSteps.join(', ')} failed`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
