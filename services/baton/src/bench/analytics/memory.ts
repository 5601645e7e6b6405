/**
 * The process's memory peak while it runs: RSS from the kernel's high-water mark (getrusage), the
 * heap by sampling every 50 ms; `baselineRssMb` is the RSS when sampling began (modules loaded).
 */
export function peakMemory(): {
  stop(): { peakRssMb: number; peakHeapUsedMb: number; baselineRssMb: number };
} {
  const baseline = process.memoryUsage().rss;
  let heap = 0;
  const sample = () => {
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  return {
    stop() {
      sample();
      clearInterval(timer);
      return {
        peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
        peakHeapUsedMb: mb(heap),
        baselineRssMb: mb(baseline),
      };
    },
  };
}

const mb = (bytes: number) => Math.round(bytes / 1048576);
