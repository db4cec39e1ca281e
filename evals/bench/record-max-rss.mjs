// Preloaded into the benchmarked process with `node --import <this file>`: at exit, writes the
// process's peak resident set size (KiB, getrusage ru_maxrss via process.resourceUsage().maxRSS)
// to the file named by OPSIGHT_BENCH_RSS_FILE.
//
// Why this and not polling /proc/<pid>/status VmHWM from the parent: VmHWM is only readable while
// the child is alive, and the peak is usually reached just before it exits, so a poller either
// races the exit or misses the last peak between polls. The kernel's own high-water mark read at
// the 'exit' event covers the whole life of the process (main thread plus the tsx loader thread)
// with no sampling. Plain JS because it loads before tsx is registered.
import { writeFileSync } from 'node:fs';

const target = process.env.OPSIGHT_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
