/**
 * Range warnings from the process documents (../shared/seeds): dimensions outside the ranges the
 * patents give are not errors (a layout can still be drawn) but are reported as warnings, each quoting
 * the seed file it comes from. Ranges are inclusive: a value on a boundary passes.
 */
import { InputError, type Diagnostic } from '../core/errors.ts';
import type { PostSpec } from './post.ts';
import { checkPositive } from './units.ts';

export interface ProcessDimensions {
  /** Post width (diameter of a round post), um. */
  postWidthUm?: number;
  /** Polymer (second polymer / stress buffer) thickness around the posts, um. */
  polymerThicknessUm?: number;
  /** Height by which the posts project above the polymer, um. */
  postProjectionUm?: number;
  /** Height of a metal column (post) on the re-wiring land, um. */
  columnHeightUm?: number;
  /** Stress-buffering resin elastic modulus, GPa. */
  stressBufferModulusGPa?: number;
  /** First + second insulating resin thickness of a two-resin chip-size package, um. */
  resinTotalThicknessUm?: number;
  /** Insulating (bonding) layer between stacked wafers, um. */
  insulatingLayerThicknessUm?: number;
  /** Resin sealing layer, um. */
  resinSealingThicknessUm?: number;
  /** Backside heat radiation layer, um. */
  heatRadiationLayerThicknessUm?: number;
  /** Wafer thickness in a stack, um. */
  waferThicknessUm?: number;
}

export interface ProcessRange {
  key: keyof ProcessDimensions;
  min: number;
  max: number;
  unit: 'um' | 'GPa';
  /** Seed file name and where in it. */
  seed: string;
  where: string;
  what: string;
  code: string;
}

const S000 = '000_bc44067fbf77c9d8.txt';
const S002 = '002_024935d99ca6f9f0.txt';
const S003 = '003_e3a8a241296e22f5.txt';
const S004 = '004_4a9ca5a6f4f40c15.txt';

export const PROCESS_RANGES: readonly ProcessRange[] = Object.freeze([
  { key: 'postWidthUm', min: 10, max: 200, unit: 'um', seed: S004, where: 'claim 34', what: 'metal post width', code: 'W_POST_WIDTH' },
  { key: 'polymerThicknessUm', min: 20, max: 250, unit: 'um', seed: S004, where: 'claims 10, 21, 33', what: 'polymer layer thickness', code: 'W_POLYMER_THICKNESS' },
  { key: 'postProjectionUm', min: 10, max: 75, unit: 'um', seed: S004, where: 'claim 27', what: 'post projection above the polymer', code: 'W_POST_PROJECTION' },
  { key: 'columnHeightUm', min: 10, max: 200, unit: 'um', seed: S003, where: 'columnar members 30', what: 'metal column height', code: 'W_COLUMN_HEIGHT' },
  { key: 'stressBufferModulusGPa', min: 0.01, max: 8, unit: 'GPa', seed: S003, where: 'stress buffering resin layer 27', what: 'stress-buffer resin elastic modulus', code: 'W_BUFFER_MODULUS' },
  { key: 'resinTotalThicknessUm', min: 50, max: 500, unit: 'um', seed: S002, where: 'claim 2, [0018]', what: 'total thickness of the two insulating resin layers', code: 'W_RESIN_TOTAL_THICKNESS' },
  { key: 'insulatingLayerThicknessUm', min: 10, max: 75, unit: 'um', seed: S000, where: 'insulating layer', what: 'inter-wafer insulating layer thickness', code: 'W_INSULATING_THICKNESS' },
  { key: 'resinSealingThicknessUm', min: 50, max: 90, unit: 'um', seed: S000, where: 'resin sealing layer', what: 'resin sealing layer thickness', code: 'W_SEALING_THICKNESS' },
  { key: 'heatRadiationLayerThicknessUm', min: 0.1, max: 1, unit: 'um', seed: S000, where: 'heat radiation layer', what: 'heat radiation layer thickness', code: 'W_HEAT_LAYER_THICKNESS' },
  { key: 'waferThicknessUm', min: 50, max: 725, unit: 'um', seed: S000, where: 'wafer', what: 'stacked wafer thickness', code: 'W_WAFER_THICKNESS' },
] satisfies ProcessRange[]);

/**
 * Warnings for every given dimension outside its seed range. Throws InputError for unknown keys and for
 * values that are not finite numbers > 0 (naming the key).
 */
export function processRangeWarnings(d: ProcessDimensions): Diagnostic[] {
  if (d === null || typeof d !== 'object') throw new InputError('E_MECH', `process dimensions: expected an object, got ${String(d)}`);
  const known = new Map(PROCESS_RANGES.map((r) => [r.key as string, r]));
  for (const k of Object.keys(d)) {
    if (!known.has(k)) throw new InputError('E_UNKNOWN_KEY', `${k}: unknown dimension (allowed: ${[...known.keys()].join(', ')})`);
  }
  const out: Diagnostic[] = [];
  for (const r of PROCESS_RANGES) {
    const raw = d[r.key];
    if (raw === undefined) continue;
    const v = checkPositive(raw, r.key);
    if (v < r.min || v > r.max) {
      out.push({
        code: r.code,
        severity: 'warning',
        message: `${r.key} = ${v} ${r.unit}: ${r.what} is ${v < r.min ? 'below' : 'above'} the ${r.min}-${r.max} ${r.unit} range of seed ${r.seed} (${r.where})`,
      });
    }
  }
  return out;
}

/**
 * Range warnings for a post: its width (diameter, or each side of a rectangle) against seed 004's
 * 10-200 um and its height against seed 003's 10-200 um columns; plus an info diagnostic when the post
 * is stubby (height < 2 x width), where the beam formulas' neglect of shear makes them overestimate force.
 */
export function postWarnings(post: PostSpec, extra: Omit<ProcessDimensions, 'postWidthUm' | 'columnHeightUm'> = {}): Diagnostic[] {
  if (post === null || typeof post !== 'object' || post.section === null || typeof post.section !== 'object') {
    throw new InputError('E_MECH', `post: expected { section, heightUm }, got ${JSON.stringify(post)}`);
  }
  const s = post.section;
  const widths = s.shape === 'round' ? [checkPositive(s.diameterUm, 'post.section.diameterUm')] : [checkPositive(s.xUm, 'post.section.xUm'), checkPositive(s.yUm, 'post.section.yUm')];
  checkPositive(post.heightUm, 'post.heightUm');
  const out: Diagnostic[] = [];
  for (const w of new Set(widths)) out.push(...processRangeWarnings({ postWidthUm: w }));
  out.push(...processRangeWarnings({ columnHeightUm: post.heightUm, ...extra }));
  const minW = Math.min(...widths);
  if (post.heightUm < 2 * minW) {
    out.push({
      code: 'I_POST_STUBBY',
      severity: 'info',
      message: `post height ${post.heightUm} um < 2 x width ${minW} um: Euler-Bernoulli bending ignores shear, so forces and stresses are overestimated`,
    });
  }
  return out;
}
