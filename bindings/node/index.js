'use strict';
// CommonJS entry point of oo-jwt.
module.exports = require('./lib/index.js');
