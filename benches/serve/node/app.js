'use strict';
// The two sides of Node's per-request bench (see ./server): one Express app each, under the same
// cluster setup; only the POST /callback handler differs. Packages come from the bench's install
// directory ($OO_BENCH_NODE_DIR), not from the repository.
const cluster = require('node:cluster');
const path = require('node:path');
const { createRequire } = require('node:module');

const dir = process.env.OO_BENCH_NODE_DIR;
const need = createRequire(path.join(dir, 'package.json'));
const version = (name) => need(`${name}/package.json`).version;
const workers = Math.max(1, Number(process.env.OO_SERVE_WORKERS || 2));

// What the integrator's code does with a verified callback: read its fields (nothing is stored).
let seen = 0;
function use(status, key, url, historyLength) {
  seen += status + key.length + (url ? url.length : 0) + historyLength;
}

function ooApp(express) {
  const jwt = need('oo-jwt');
  // Settings read once per process, as the kit's README does at startup.
  const settings = jwt.loadConfig(process.env.OO_SERVE_CONFIG);
  const app = express();
  // No body parser: the adapter reads the raw body and hands the bytes to the core.
  app.post('/callback', jwt.expressCallbackHandler(settings, (cb) => {
    use(cb.status, cb.key, cb.url, cb.history && Array.isArray(cb.history.changes) ? cb.history.changes.length : 0);
  }));
  return app;
}

function peerApp(express) {
  const jwt = need('jsonwebtoken');
  const secret = process.env.OO_SERVE_SECRET;
  const prefix = 'Bearer ';
  const app = express();
  // The integration example parses every body with body-parser's JSON parser; Docs' callbacks with a
  // long history exceed its 100 kB default, so the limit is the oo side's (8 MiB).
  app.use(express.json({ limit: '8mb' }));
  app.post('/callback', (req, res) => {
    let body = null;
    try {
      if (req.body && Object.hasOwn(req.body, 'token')) {
        body = jwt.verify(req.body.token, secret, { algorithms: ['HS256'] });
      } else {
        const auth = req.get('Authorization');
        if (auth && auth.startsWith(prefix)) {
          const decoded = jwt.verify(auth.substring(prefix.length), secret, { algorithms: ['HS256'] });
          body = decoded.payload || null;
        }
      }
    } catch {
      body = null;
    }
    if (!body) return res.status(403).type('application/json').send('{"error":1}');
    use(body.status, String(body.key), body.url, body.history && Array.isArray(body.history.changes) ? body.history.changes.length : 0);
    res.type('application/json').send('{"error":0}');
  });
  return app;
}

function serve(side, port) {
  const express = need('express');
  const app = side === 'oo' ? ooApp(express) : side === 'peer' ? peerApp(express) : null;
  if (!app) throw new Error(`unknown side ${side}`);
  app.disable('x-powered-by');
  app.disable('etag');
  app.listen(port, '127.0.0.1');
}

const [cmd, side, port] = process.argv.slice(2);
if (cmd === 'describe') {
  const pool = workers > 1 ? `node:cluster of ${workers} workers` : 'one process';
  console.log(JSON.stringify({
    server: `Express ${version('express')} on Node ${process.version}, ${pool}, no access log`,
    peer: `jsonwebtoken ${version('jsonwebtoken')}`,
    sides: {
      oo: `oo-jwt ${version('oo-jwt')} expressCallbackHandler (raw body, settings from loadConfig)`,
      peer: 'jsonwebtoken jwt.verify of the body token or the header payload after express.json(), as the integration example',
    },
  }));
} else if (cmd === 'run') {
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    // The driver ends the whole process group; a worker that dies otherwise is not replaced.
    process.on('SIGTERM', () => process.exit(0));
  } else {
    serve(side, Number(port));
  }
} else {
  console.error('usage: app.js describe | run SIDE PORT');
  process.exit(2);
}
