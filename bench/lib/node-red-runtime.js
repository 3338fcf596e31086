'use strict';
// The benchmarks' embedded Node-RED: the same runtime the reliability tests
// start (it loads this package from <userDir>/node_modules, a symlink to the
// built working tree; nothing listens), without their status tracking.
const { startNodeRed: startEmbedded } = require('../../test/reliability/fixtures/embedded-node-red');

function startNodeRed({ logLevel = 'warn' } = {}) {
  return startEmbedded({ logLevel, trackStatuses: false });
}

module.exports = { startNodeRed };
