// node-red-node-test-helper is one shared instance and each test file calls
// helper.init() when it loads, so the last call decides which Node-RED every
// node test runs on. Under scripts/test-compat.js that must be the Node-RED
// named by NODE_RED_PATH, or the "Node-RED 5" run silently tests Node-RED 4.
import assert from 'node:assert/strict';
import helper from 'node-red-node-test-helper';
import { nodeRedVersion } from '../support/node-red-path';

describe('node tests runtime', function () {
  it(`runs the node tests on Node-RED ${nodeRedVersion}, the one test/support/node-red-path.ts names`, function () {
    const red = (helper as unknown as { _RED?: { version(): string } })._RED;
    assert.ok(red, 'helper.init() was not called');
    assert.equal(red.version().replace(/-git$/, ''), nodeRedVersion.replace(/-git$/, ''));
  });
});
