/** Die-per-wafer benchmark: the exact optimiser on 300 mm wafers (median of 5 runs after a warm-up). */
import { dieGrid } from '../../src/wafer/grid.ts';
import { median, timeRuns } from './stats.ts';

export function runDpwBench(): string {
  const lines = ['die per wafer, exact optimum (auto), 300 mm, 3 mm edge exclusion (median of 5)'];
  for (const [die, street] of [[10000, 100], [5000, 80], [2000, 80], [500, 60]] as const) {
    const p = { wafer: { diameterMm: 300, edgeExclusionMm: 3 }, dieUm: [die, die] as [number, number], streetUm: street };
    let count = 0;
    const t = median(timeRuns(5, () => (count = dieGrid(p).count), 1));
    lines.push(`  ${die / 1000} x ${die / 1000} mm die, ${street} um street: ${count} whole dies in ${(t * 1000).toFixed(1)} ms`);
  }
  return lines.join('\n');
}
