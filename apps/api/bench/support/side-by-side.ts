import { performance } from 'node:perf_hooks';

/**
 * Benchmarks print; they never assert. Each product path is measured beside
 * its baseline in the same run, rounds interleaved (product, baseline,
 * product, …) so both see the same machine, and compared by their medians.
 */

export interface Measured {
  /** Anything the path wants printed beside its time (requests, bytes, statements). */
  notes?: Record<string, string | number>;
}

export interface Side {
  label: string;
  run: () => Promise<Measured | void>;
}

export interface Comparison {
  label: string;
  product: { median: number; p95: number; notes: Record<string, string | number> };
  baseline: { median: number; p95: number; notes: Record<string, string | number> };
  /** product median / baseline median: below 1 is faster than the baseline. */
  ratio: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Runs both sides `rounds` times, interleaved after one warm-up each, and prints one block. */
export async function sideBySide(label: string, product: Side, baseline: Side, rounds: number): Promise<Comparison> {
  await product.run();
  await baseline.run();
  const times = { product: [] as number[], baseline: [] as number[] };
  const notes = { product: {} as Record<string, string | number>, baseline: {} as Record<string, string | number> };
  for (let i = 0; i < rounds; i++) {
    for (const [key, side] of [
      ['product', product],
      ['baseline', baseline],
    ] as const) {
      const start = performance.now();
      const measured = await side.run();
      times[key].push(performance.now() - start);
      if (measured?.notes) notes[key] = measured.notes;
    }
  }
  const summary = (key: 'product' | 'baseline') => {
    const sorted = [...times[key]].sort((a, b) => a - b);
    return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), notes: notes[key] };
  };
  const result: Comparison = { label, product: summary('product'), baseline: summary('baseline'), ratio: 0 };
  result.ratio = result.product.median / result.baseline.median;
  const line = (side: Side, s: Comparison['product']) =>
    `    ${side.label.padEnd(46)} p50 ${s.median.toFixed(1).padStart(8)} ms   p95 ${s.p95.toFixed(1).padStart(8)} ms` +
    Object.entries(s.notes)
      .map(([k, v]) => `   ${k} ${v}`)
      .join('');
  console.log(`${label} (${rounds} rounds, interleaved)`);
  console.log(line(product, result.product));
  console.log(line(baseline, result.baseline));
  console.log(`    ratio ${result.ratio.toFixed(2)}× the baseline's time`);
  return result;
}

/** The median of `rounds` runs of one path (no baseline), printed; for absolute targets. */
export async function timed(label: string, run: () => Promise<Measured | void>, rounds: number): Promise<number> {
  await run();
  const times: number[] = [];
  const cpu: number[] = [];
  let notes: Record<string, string | number> = {};
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const measured = await run();
    times.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
    if (measured?.notes) notes = measured.notes;
  }
  const sorted = times.sort((a, b) => a - b);
  const sortedCpu = cpu.sort((a, b) => a - b);
  // CPU time of this process (the in-process server and the client) tells
  // the cost apart from waiting on a busy machine.
  console.log(
    `${label}: p50 ${quantile(sorted, 0.5).toFixed(1)} ms   p95 ${quantile(sorted, 0.95).toFixed(1)} ms   CPU p50 ${quantile(sortedCpu, 0.5).toFixed(1)} ms` +
      Object.entries(notes)
        .map(([k, v]) => `   ${k} ${v}`)
        .join(''),
  );
  return quantile(sorted, 0.5);
}
