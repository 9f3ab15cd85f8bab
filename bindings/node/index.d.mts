// Type declarations of the ES module entry point: the same API, plus a default export.
import * as jwt from './index.js';

export * from './index.js';
export default jwt;
