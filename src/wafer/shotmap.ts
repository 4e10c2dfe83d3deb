/**
 * The reticle shot map beside the GDS: `<base>.shots.csv` (one line per shot) and
 * `<base>.shots.json` (field, phase and every shot with its die sites), from grid.ts's serialisers,
 * each written atomically.
 */
import { writeFileAtomic } from '../io/gds/sink.ts';
import { shotsToCsv, shotsToJson, type ShotPlan } from './grid.ts';

/** Writes the shot map as `<base>.shots.csv` and `<base>.shots.json`; returns both paths. */
export function writeShotMap(plan: ShotPlan, base: string): { csv: string; json: string } {
  const csv = `${base}.shots.csv`;
  const json = `${base}.shots.json`;
  writeFileAtomic(csv, shotsToCsv(plan));
  writeFileAtomic(json, shotsToJson(plan) + '\n');
  return { csv, json };
}
