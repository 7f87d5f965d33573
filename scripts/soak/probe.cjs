// Preloaded into the soak's server process only (node --require): answers the soak's IPC question
// "mem" with process.memoryUsage() and sharp's cache counters. The app itself has no such endpoint.
'use strict';
// Experiment knobs (SOAK_SERVER_ENV="SOAK_SHARP_CACHE=0 SOAK_SHARP_CONCURRENCY=2"): libvips settings
// are process-wide, so setting them before the app loads sharp applies them to its every pipeline.
if (process.env.SOAK_SHARP_CACHE || process.env.SOAK_SHARP_CONCURRENCY) {
  const sharp = require(require.resolve('sharp', { paths: [process.cwd()] }));
  if (process.env.SOAK_SHARP_CACHE === '0') sharp.cache(false);
  if (process.env.SOAK_SHARP_CONCURRENCY) sharp.concurrency(Number(process.env.SOAK_SHARP_CONCURRENCY));
}
if (typeof process.send === 'function') {
  process.on('message', (msg) => {
    if (msg !== 'mem') return;
    let sharpCache = null;
    try {
      // Resolved from the app's own node_modules, so it is the instance the app loaded.
      sharpCache = require(require.resolve('sharp', { paths: [process.cwd()] })).cache();
    } catch {
      /* sharp not loaded yet or unavailable */
    }
    process.send({ type: 'mem', mem: process.memoryUsage(), sharpCache });
  });
  // Let the process exit on its own when the server closes; the channel alone keeps nobody alive.
  process.channel?.unref();
}
