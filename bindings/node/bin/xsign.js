#!/usr/bin/env node
'use strict';
// The cross-language hook (docs/bindings.md):
//   xsign sign <secret> <payload-json>   prints the HS256 token (no iat/exp added)
//   xsign verify <secret> <token>        prints the claims JSON; or `error: <name>` on stderr, exit 1
const jwt = require('..');

const [cmd, secret, arg] = process.argv.slice(2);
if (!['sign', 'verify'].includes(cmd) || secret === undefined || arg === undefined) {
  process.stderr.write('usage: xsign sign <secret> <payload-json> | xsign verify <secret> <token>\n');
  process.exit(2);
}
try {
  const out = cmd === 'sign' ? jwt.sign(arg, secret) : jwt._verifyText(arg, secret);
  process.stdout.write(out + '\n');
} catch (e) {
  if (!(e instanceof jwt.JwtError)) throw e;
  process.stderr.write(`error: ${e.code}\n`);
  process.exitCode = 1;
}
