// ES module entry point of oo-jwt (the same single instance as the CommonJS one).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jwt = require('./lib/index.js');

export const {
  sign, verify, decodeUnverified, signRequest, verifyRequest, signConfig, signEditorMethod, verifyDownload,
  loadConfig, verifyRequestWithConfig, verifyDownloadWithConfig, downloadTokenExpected, statusName, version,
  JwtError, Alg, PLACEMENT_BODY, PLACEMENT_HEADER,
  CallbackStatus, ForceSaveType, Callback, handleCallback, callbackAnswer, checkDownload,
  httpCallbackHandler, expressCallbackHandler, httpDownloadHandler, expressDownloadHandler,
} = jwt;
export default jwt;
