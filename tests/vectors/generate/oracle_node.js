// Sign oracle backed by npm jsonwebtoken 9 (the signer ONLYOFFICE Docs uses).
// stdin: JSON array of jobs {payload: "<json text>", secret | secret_hex, algorithm, expires_in?, now, header?}
// stdout: JSON array, one {token} or {error} per job.
// The clock is fixed per job by faking Date.now; no randomness is involved.
'use strict';
const jwt = require('jsonwebtoken');

const jobs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const realNow = Date.now;
const out = jobs.map((job) => {
  try {
    Date.now = () => job.now * 1000;
    const payload = JSON.parse(job.payload);
    const secret = job.secret_hex !== undefined ? Buffer.from(job.secret_hex, 'hex') : job.secret;
    const opts = { algorithm: job.algorithm || 'HS256' };
    if (job.expires_in !== undefined && job.expires_in !== null) opts.expiresIn = job.expires_in;
    // noTimestamp when no expiresIn, except that a payload's own iat is kept
    // (jsonwebtoken deletes payload.iat under noTimestamp; without it, it keeps payload.iat in place).
    opts.noTimestamp = opts.expiresIn === undefined && !Object.prototype.hasOwnProperty.call(payload, 'iat');
    if (job.header) opts.header = job.header;
    return { token: jwt.sign(payload, secret, opts) };
  } catch (e) {
    return { error: String(e && e.message) };
  } finally {
    Date.now = realNow;
  }
});
process.stdout.write(JSON.stringify(out));
