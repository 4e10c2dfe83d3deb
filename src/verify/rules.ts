/**
 * The checker's rules: the technology's flat RuleRecords (the same data the cells and the router
 * use) turned into concrete checks, plus the built-in geometry checks (off-grid vertices, acute
 * angles). The KLayout deck exporter (src/io/drc) writes the same list, so both sides check the same
 * rules with the same semantics; see `DRC_SEMANTICS` below for what each kind means and how its
 * violations are counted.
 *
 * Units: values here are in the LIBRARY's database units (1 nm for wlpgen's own layouts; scaled when
 * a foreign GDS uses another dbu), areas in dbu^2.
 */
import type { RuleRecord, Technology } from '../tech/types.ts';
import type { Metric } from './edges.ts';

/** Metrics per check family. Widths follow the tables' "parallel opposite edges" wording. */
export interface DrcMetrics {
  width: Metric;
  space: Metric;
  enclosure: Metric;
  separation: Metric;
}

export const DEFAULT_METRICS: Readonly<DrcMetrics> = Object.freeze({ width: 'projection', space: 'euclidean', enclosure: 'euclidean', separation: 'euclidean' });

/** Layers the process-geometry checks (acute angles) apply to: the mask layers of the die stack. */
export const PROCESS_LAYERS: readonly string[] = ['PAD', 'PI1', 'RDL', 'VIA2', 'RDL2', 'PI2', 'UBM', 'POST', 'BUMP', 'TSV', 'SEAL'];

/** Interior angles below 90 - ACUTE_TOLERANCE_DEG degrees are acute (rounding of rotated shapes gives 89.99x). */
export const ACUTE_TOLERANCE_DEG = 0.01;

interface Common {
  /** Rule id as reported ('rdl.minSpace', 'T1.rdl.minSpace', 'acuteAngle.RDL'). */
  id: string;
  description: string;
  /** The layers it reads, by technology name. */
  layers: string[];
  /** Unit of `measured` / `required` in reports. */
  unit: 'um' | 'um2' | 'ratio' | 'deg' | 'um x um';
  /** How far apart geometry may be and still interact in this check, dbu (hierarchy zones). */
  reach: number;
  /** 'local': a violation depends only on geometry within `reach`; 'polygon': on whole merged polygons. */
  scope: 'local' | 'polygon';
}

export type CheckRule = Common &
  (
    | { kind: 'width'; layer: string; value: number; metric: Metric; overlapping?: string }
    | { kind: 'maxWidth'; layer: string; value: number }
    | { kind: 'space'; layer: string; value: number; metric: Metric }
    | { kind: 'wideSpace'; layer: string; value: number; wideWidth: number; runLength: number }
    | { kind: 'area'; layer: string; value: number }
    | { kind: 'enclosure'; inner: string; outer: string; value: number; metric: Metric; noStraddle: boolean }
    | { kind: 'separation'; a: string; b: string; value: number; metric: Metric; differentNetsOnly: boolean }
    | { kind: 'pitch'; layer: string; value: number; tolerance: number; exact: boolean }
    | { kind: 'extent'; layer: string; interacting: string; value: readonly [number, number]; max: boolean }
    | { kind: 'sealDistance'; layer: string; seal: string; value: number; from: 'centre' | 'edge' }
    | { kind: 'fraction'; layer: string; value: number }
    | { kind: 'offGrid'; layer: string; grid: number }
    | { kind: 'acuteAngle'; layer: string }
  );

export type CheckKind = CheckRule['kind'];

/** A rule of the technology the checker does not check, with the reason (reported, never silent). */
export interface SkippedRule {
  id: string;
  reason: string;
}

export interface RuleOptions {
  metrics?: Partial<DrcMetrics>;
  /** Manufacturing grid for the off-grid check, um (default 0.001: the 1 nm database grid). */
  gridUm?: number;
  /** Layers for the acute-angle check (default: PROCESS_LAYERS and their tier copies, when present). */
  acuteLayers?: readonly string[];
  /** Rule ids to leave out (reported as skipped). */
  skip?: readonly string[];
  /** Library dbu in um (default 0.001); rule values are converted from 1 nm to it. */
  dbuUm?: number;
}

/** The rule semantics, one line per kind: printed in reports and as comments in the KLayout deck. */
export const DRC_SEMANTICS: Readonly<Record<CheckKind, string>> = Object.freeze({
  width: 'edge pairs of one merged polygon facing across its interior closer than the value (metric per rule); with "overlapping X": merged marker groups that overlap X',
  maxWidth: 'merged polygons whose bounding-box short side exceeds the value (exact for posts: discs, octagons, squares)',
  space: 'edge pairs facing across the outside (between polygons and notches) closer than the value',
  wideSpace: 'space (projection metric, run length > runLength) between the parts of the layer at least wideWidth wide (opening by wideWidth/2)',
  area: 'merged polygons with area below the value',
  enclosure: 'outer.enclosing(inner) edge pairs closer than the value, plus the parts of inner outside outer; noStraddle: only inner polygons overlapping outer',
  separation: 'a.separation(b) edge pairs closer than the value, plus a AND b (no overlap); differentNetsOnly: only between polygons on different nets',
  pitch: 'bump centres (bounding-box centres of merged polygons); minimum: pairs closer than the value; exact: pairs closer than 1.5 x value whose |dx| and |dy| are not each 0 or the value (+- tolerance)',
  extent: 'merged polygons interacting the other layer whose bounding box [short, long] is below (min) or above (max) the value',
  sealDistance: 'centre: bounding-box centre of each merged polygon inside a seal-ring hull closer than the value to the hull edge; edge: hull.enclosing(shapes overlapping the hull) closer than the value, plus their parts outside it',
  fraction: 'merged polygons whose area is below value x the full via (a disc of the bounding-box long side)',
  offGrid: 'drawn vertices not on the grid',
  acuteAngle: 'convex corners of merged polygons with an interior angle below 90 degrees',
});

/** Counting convention, shared with the deck: a violation is one connected group of markers. */
export const COUNTING_CONVENTION =
  'each check produces marker polygons (edge pairs as the hull of their two edges grown by 1 dbu, regions as drawn); markers that overlap or touch are merged; one merged group = one violation';

function tierOf(id: string): string {
  const m = /^(T[1-9][0-9]*\.)/.exec(id);
  return m ? m[1] : '';
}

/**
 * The checks for a technology. Records whose layers the technology lacks are skipped with a reason;
 * `acrossScribe` pitch is skipped (amkor.csv marks it NC: not checked by DRC).
 */
export function checkRules(tech: Technology, options: RuleOptions = {}): { rules: CheckRule[]; skipped: SkippedRule[] } {
  const m: DrcMetrics = { ...DEFAULT_METRICS, ...(options.metrics ?? {}) };
  const dbuUm = options.dbuUm ?? 0.001;
  // Rule values are dbu of 1 nm; a library with another dbu gets them converted (rounded to its grid).
  const f = 0.001 / dbuUm;
  const L = (v: number) => Math.round(v * f);
  const A = (v: number) => Math.round(v * f * f);
  const skip = new Set(options.skip ?? []);
  const rules: CheckRule[] = [];
  const skipped: SkippedRule[] = [];
  const has = (n: string) => Object.prototype.hasOwnProperty.call(tech.layers, n);
  for (const r of tech.ruleList as readonly RuleRecord[]) {
    if (skip.has(r.id)) {
      skipped.push({ id: r.id, reason: 'skipped by option' });
      continue;
    }
    const base = { id: r.id, description: r.description };
    const missing = (names: string[]) => {
      const gone = names.filter((n) => !has(n));
      if (gone.length) skipped.push({ id: r.id, reason: `layer ${gone.join(', ')} not in the technology` });
      return gone.length > 0;
    };
    switch (r.kind) {
      case 'minWidth': {
        if (missing(r.interacting ? [r.layer, r.interacting] : [r.layer])) break;
        const v = L(r.value);
        // Width is measured inside one merged polygon: other shapes matter only where they touch it
        // (reach 0), except through the marker filter of the `overlapping` form.
        rules.push({ ...base, kind: 'width', layer: r.layer, value: v, metric: m.width, ...(r.interacting ? { overlapping: r.interacting } : {}), layers: r.interacting ? [r.layer, r.interacting] : [r.layer], unit: 'um', reach: r.interacting ? v : 0, scope: 'local' });
        break;
      }
      case 'maxWidth':
        if (missing([r.layer])) break;
        rules.push({ ...base, kind: 'maxWidth', layer: r.layer, value: L(r.value), layers: [r.layer], unit: 'um', reach: 0, scope: 'polygon' });
        break;
      case 'minSpace': {
        if (missing([r.layer])) break;
        const v = L(r.value);
        rules.push({ ...base, kind: 'space', layer: r.layer, value: v, metric: m.space, layers: [r.layer], unit: 'um', reach: v, scope: 'local' });
        break;
      }
      case 'minWideSpace': {
        if (missing([r.layer])) break;
        const v = L(r.value);
        const w = L(r.wideWidth);
        rules.push({ ...base, kind: 'wideSpace', layer: r.layer, value: v, wideWidth: w, runLength: L(r.runLength), layers: [r.layer], unit: 'um', reach: v + 2 * w, scope: 'local' });
        break;
      }
      case 'minArea':
        if (missing([r.layer])) break;
        rules.push({ ...base, kind: 'area', layer: r.layer, value: A(r.value), layers: [r.layer], unit: 'um2', reach: 0, scope: 'polygon' });
        break;
      case 'minEnclosure': {
        if (missing([r.inner, r.outer])) break;
        const v = L(r.value);
        rules.push({ ...base, kind: 'enclosure', inner: r.inner, outer: r.outer, value: v, metric: m.enclosure, noStraddle: !!r.noStraddle, layers: [r.inner, r.outer], unit: 'um', reach: v, scope: 'local' });
        break;
      }
      case 'minSeparation': {
        if (missing([r.a, r.b])) break;
        const v = L(r.value);
        rules.push({ ...base, kind: 'separation', a: r.a, b: r.b, value: v, metric: m.separation, differentNetsOnly: !!r.differentNetsOnly, layers: [r.a, r.b], unit: 'um', reach: v, scope: 'local' });
        break;
      }
      case 'exactPitch':
      case 'minPitch': {
        if (r.kind === 'exactPitch' && r.acrossScribe) {
          skipped.push({ id: r.id, reason: 'pitch across the scribe: marked NC (not checked by DRC) in the vendor table; the wafer grid sets it' });
          break;
        }
        if (missing([r.layer])) break;
        const v = L(r.value);
        const exact = r.kind === 'exactPitch';
        const tol = exact ? L(r.tolerance) : 0;
        rules.push({ ...base, kind: 'pitch', layer: r.layer, value: v, tolerance: tol, exact, layers: [r.layer], unit: 'um', reach: exact ? Math.ceil(1.5 * v) + tol : v, scope: 'local' });
        break;
      }
      case 'minExtent':
      case 'maxExtent':
        if (missing([r.layer, r.interacting])) break;
        rules.push({ ...base, kind: 'extent', layer: r.layer, interacting: r.interacting, value: [L(r.value[0]), L(r.value[1])], max: r.kind === 'maxExtent', layers: [r.layer, r.interacting], unit: 'um x um', reach: 0, scope: 'polygon' });
        break;
      case 'minDistanceToSealRing': {
        const seal = tierOf(r.id) + 'SEAL';
        if (missing([r.layer, seal])) break;
        const v = L(r.value);
        // Centre form: a shape is measured against the hull holding its centre, so other sources matter
        // only where they overlap it (reach 0); edge form: an enclosure check (reach v).
        rules.push({ ...base, kind: 'sealDistance', layer: r.layer, seal, value: v, from: r.from, layers: [r.layer, seal], unit: 'um', reach: r.from === 'centre' ? 0 : v, scope: 'local' });
        break;
      }
      case 'minFraction':
        if (missing([r.layer])) break;
        rules.push({ ...base, kind: 'fraction', layer: r.layer, value: r.value, layers: [r.layer], unit: 'ratio', reach: 0, scope: 'polygon' });
        break;
    }
  }
  // Built-in geometry checks on the mask (drawing) layers.
  const gridDbu = Math.max(1, Math.round((options.gridUm ?? 0.001) / dbuUm));
  const drawing = Object.values(tech.layers).filter((l) => l.purpose === 'drawing').map((l) => l.name);
  for (const name of drawing) {
    const id = `offGrid.${name}`;
    if (skip.has(id)) continue;
    rules.push({ id, description: `vertices of ${name} on the ${gridDbu * dbuUm} um grid`, kind: 'offGrid', layer: name, grid: gridDbu, layers: [name], unit: 'um', reach: 0, scope: 'local' });
  }
  const acute = options.acuteLayers ?? drawing.filter((n) => PROCESS_LAYERS.includes(n.replace(/^T[1-9][0-9]*\./, '')));
  for (const name of acute) {
    const id = `acuteAngle.${name}`;
    if (skip.has(id) || !has(name)) continue;
    rules.push({ id, description: `no acute (< 90 degree) corners on ${name}`, kind: 'acuteAngle', layer: name, layers: [name], unit: 'deg', reach: 1, scope: 'local' });
  }
  return { rules, skipped };
}
