#!/usr/bin/env node
'use strict';
// `make conformance`: one line per vector file, `CONFORMANCE node <file-stem> <passed> <failed>`.
// FAIL lines (on stderr) name the failing case ids.

const { vectorFiles, checkCase } = require('../test/helpers');

let failedAny = false;
for (const f of vectorFiles()) {
  let passed = 0;
  let failed = 0;
  for (const c of f.cases) {
    try {
      checkCase(c);
      passed++;
    } catch (e) {
      failed++;
      process.stderr.write(`FAIL ${c.id}: ${String(e.message).split('\n')[0]}\n`);
    }
  }
  if (failed) failedAny = true;
  console.log(`CONFORMANCE node ${f.stem} ${passed} ${failed}`);
}
process.exitCode = failedAny ? 1 : 0;
