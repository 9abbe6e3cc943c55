/** The benchmark's timing and memory measures, and how it prints them. */
import { performance } from 'node:perf_hooks';

export interface Stats {
  p50: number;
  p95: number;
}

/** The sample at quantile `q` (0.5: the median), NaN for none. */
export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function stats(samples: number[]): Stats {
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function time(runs: number, operation: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < 20; i++) await operation(); // warm-up: JIT, sockets
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await operation();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

/**
 * Times several variants round-robin, `runs` each, after a warm-up. Besides the latency, the
 * median CPU time this process spent per run (the sandbox is another process): on a shared
 * machine it shows what the client itself costs, where latency also shows the neighbours.
 */
export async function timeInterleaved(
  runs: number,
  variants: readonly (() => Promise<unknown>)[],
  afterEachRun: () => void = () => undefined,
): Promise<(Stats & { cpu: number })[]> {
  for (let i = 0; i < 20; i++) for (const variant of variants) await variant();
  const samples = variants.map(() => ({ latency: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    for (const [index, variant] of variants.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await variant();
      samples[index]!.latency.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      samples[index]!.cpu.push((cpu.user + cpu.system) / 1000);
      if (index === 0) afterEachRun();
    }
  }
  return samples.map(({ latency, cpu }) => ({ ...stats(latency), cpu: stats(cpu).p50 }));
}

/** Tracks the process's memory high-water mark over the runs of one operation. */
export function memoryWatch() {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  return {
    sample: () => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    },
    /** Heap growth over the start (what the operation's runs allocated and kept alive at once). */
    heapGrowth: () => peakHeap - start.heapUsed,
    peakRss: () => peakRss,
  };
}
