#!/usr/bin/env node
'use strict';
// Runs the suite with `node --test` (TAP in build/test.log), then prints the failures, node's own
// closing summary (`# pass N` / `# fail N` …) and the plain line `N passed, N failed`.
// VERBOSE=1 streams the whole TAP output as well. Extra arguments replace the list of test files.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const testDir = path.join(root, 'test');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs
      .readdirSync(testDir)
      .filter((f) => /\.test\.(c|m)?js$/.test(f))
      .sort()
      .map((f) => path.join('test', f));

const buildDir = path.join(root, 'build');
fs.mkdirSync(buildDir, { recursive: true });
const logPath = path.join(buildDir, 'test.log');
const log = fs.createWriteStream(logPath);

// --expose-gc: the memory test collects garbage before each measurement (and fails without it).
const child = spawn(process.execPath, ['--expose-gc', '--test', '--test-reporter=tap', ...files], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
});
child.stdout.on('data', (d) => {
  log.write(d);
  if (process.env.VERBOSE === '1') process.stdout.write(d);
});
child.stderr.on('data', (d) => {
  log.write(d);
  process.stderr.write(d);
});

child.on('close', (code, signal) => {
  log.end(() => report(code, signal));
});

function report(code, signal) {
  const lines = fs.readFileSync(logPath, 'utf8').split('\n');
  // Failures: each `not ok` leaf with the first lines of its YAML diagnostics.
  let shown = 0;
  for (let i = 0; i < lines.length && shown < 60; i++) {
    const m = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!m) continue;
    // A suite whose children failed is reported through them.
    const block = [];
    for (let j = i + 1; j < lines.length && j < i + 40; j++) {
      if (/^\s*\.\.\.\s*$/.test(lines[j])) break;
      block.push(lines[j]);
    }
    if (block.some((l) => /type: 'suite'/.test(l))) continue;
    shown++;
    console.log(`FAIL ${m[2]}`);
    const err = block.findIndex((l) => /^\s*error: /.test(l));
    if (err >= 0) for (const l of block.slice(err, err + 6)) console.log(`    ${l.trim()}`);
  }
  // node's own closing summary: the last top-level `# tests` block.
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^# tests \d+/.test(lines[i])) {
      start = i;
      break;
    }
  }
  let pass = 0;
  let fail = 0;
  if (start >= 0) {
    for (const l of lines.slice(start)) {
      if (!/^# \w+ /.test(l)) break;
      console.log(l);
      const p = /^# pass (\d+)/.exec(l);
      const f = /^# fail (\d+)/.exec(l);
      const c = /^# cancelled (\d+)/.exec(l);
      if (p) pass = Number(p[1]);
      if (f) fail += Number(f[1]);
      if (c) fail += Number(c[1]);
    }
  } else {
    fail = 1;
    console.log(`no summary from node --test (full output in ${logPath})`);
  }
  if (code !== 0 && fail === 0) fail = 1; // the runner itself failed
  if (code !== 0) console.log(`(node --test exited with ${signal || code}; full output in ${logPath})`);
  console.log(`${pass} passed, ${fail} failed`);
  process.exitCode = code === 0 && fail === 0 ? 0 : 1;
}
