'use strict';
// Preloaded (`node -r`) into a command the analytics bench runs: on exit, writes the process's
// peak RSS and CPU time to file descriptor 3 as one JSON line (the command's own output is left
// alone).
const { writeSync } = require('node:fs');

process.once('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(
      3,
      `${JSON.stringify({
        maxRssKb: usage.maxRSS,
        userMs: Math.round(usage.userCPUTime / 1000),
        systemMs: Math.round(usage.systemCPUTime / 1000),
      })}\n`,
    );
  } catch {
    // fd 3 not open: run outside the bench.
  }
});
