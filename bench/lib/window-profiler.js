'use strict';
// The V8 CPU profiler (the one behind node --cpu-prof) around the measurement
// window only, so set-up and tear-down do not blur the picture.
const fs = require('node:fs');
const inspector = require('node:inspector');

function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

async function startWindowProfile() {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  return {
    async stop(file) {
      const { profile } = await post(session, 'Profiler.stop');
      session.disconnect();
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

module.exports = { startWindowProfile };
