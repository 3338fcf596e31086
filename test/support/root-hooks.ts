// Node-RED exits on any uncaught exception or unhandled rejection, so the test
// run treats either as a failure of the test during which it happened.
const escaped: string[] = [];

function record(kind: string) {
  return (reason: unknown) => {
    const text = reason instanceof Error ? reason.stack ?? reason.message : String(reason);
    escaped.push(`${kind}: ${text}`);
  };
}

process.on('unhandledRejection', record('unhandledRejection'));
process.on('uncaughtException', record('uncaughtException'));

export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    if (escaped.length === 0) return;
    const found = escaped.splice(0, escaped.length);
    throw new Error(`escaped error(s) during or before this test:\n${found.join('\n')}`);
  },
};
