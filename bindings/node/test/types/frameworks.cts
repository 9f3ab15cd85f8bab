// Type-checked by test/types.test.js (tsc, strict, with @types/node and @types/express): the
// adapters' declarations accept Node's and Express's own request and response types.
import http = require('node:http');
import express = require('express');
import jwt = require('oo-jwt');

const settings = jwt.loadConfig('local.json');

http.createServer(jwt.httpCallbackHandler(settings, async (cb, req: http.IncomingMessage) => {
  if (cb.status === jwt.CallbackStatus.READY_FOR_SAVING && cb.url) void req.headers.host;
}));
const download = jwt.httpDownloadHandler(settings, (req: http.IncomingMessage, res: http.ServerResponse, claims) => {
  res.end(claims === null ? 'no token expected' : 'checked');
});
http.createServer((req, res) => download(req, res));

const app = express();
app.use(express.json({ limit: '10mb' }));
app.post('/callback', jwt.expressCallbackHandler(settings, (cb, req: express.Request) => {
  void [cb.key, req.ip];
}, { maxBodyLength: 1 << 20 }));
app.get('/files/:name', jwt.expressDownloadHandler(settings, { baseUrl: 'https://storage.example' }), (req, res) => {
  res.sendFile(String(req.params.name));
});
