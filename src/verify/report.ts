/**
 * Verification reports: the JSON structure (DESIGN.md's report `drc`, `lvs`, `plating`), a text
 * report for people (grouped by rule, capped lists with counts) and the KLayout marker database.
 *
 * Units: every location and length in a report is micrometres; areas um^2; angles degrees.
 * Locations are in the frame of the cell named with them (`cell`), plus the first occurrence in the
 * top cell (`topXUm`, `topYUm`).
 */
import type { Transform } from '../core/transform.ts';
import { union } from '../geom/clipper.ts';
import { writeLyrdb, type LyrdbCell, type LyrdbItem } from '../io/drc/lyrdb.ts';
import type { DrcEntry, DrcStats } from './drc.ts';
import type { LvsResult } from './netlist.ts';
import type { PlatingResult } from './plating.ts';
import { COUNTING_CONVENTION, DRC_SEMANTICS, type CheckKind, type CheckRule, type SkippedRule } from './rules.ts';

export interface DrcViolation {
  rule: string;
  kind: CheckKind;
  layers: string[];
  /** The cell whose frame the location is in (where the violation was found). */
  cell: string;
  /** Occurrences under the top cell (placements of `cell` where it stands). */
  placements: number;
  /** Centre of the violation's markers, um, cell frame. */
  xUm: number;
  yUm: number;
  /** Markers' box, um, cell frame: [x0, y0, x1, y1]. */
  bboxUm: [number, number, number, number];
  /** The first occurrence in the top cell, um. */
  topXUm: number;
  topYUm: number;
  /** Worst measured value (smallest for minimum rules, largest for maximum rules), in `unit`. */
  measured: number;
  required: number | [number, number];
  unit: string;
  detail?: string;
}

export interface DrcRuleSummary {
  rule: string;
  kind: CheckKind;
  layers: string[];
  description: string;
  required: number | [number, number];
  unit: string;
  /** Distinct violations (a violation in a cell placed 2,500 times counts once). */
  count: number;
  /** Occurrences in the flattened layout (what a flat KLayout run of the deck counts). */
  flatCount: number;
}

export interface DrcReport {
  clean: boolean;
  /** Every checked rule, in rule order, with its counts. */
  rules: DrcRuleSummary[];
  violations: DrcViolation[];
  skipped: SkippedRule[];
  counting: string;
  stats: DrcStats;
}

export interface ConnectivityReport {
  nets: number;
  namedNets: number;
  seconds: number;
}

export interface CheckReport {
  tool: 'wlpgen';
  top: string;
  tech: string;
  dbuUm: number;
  ok: boolean;
  drc: DrcReport;
  connectivity?: ConnectivityReport;
  lvs?: LvsResult;
  plating?: PlatingResult;
  timings: Record<string, number>;
}

/** Report value of a rule threshold in its unit. */
export function requiredValue(r: CheckRule, dbuUm: number): number | [number, number] {
  switch (r.kind) {
    case 'area':
      return r.value * dbuUm * dbuUm;
    case 'fraction':
      return r.value;
    case 'acuteAngle':
      return 90;
    case 'offGrid':
      return r.grid * dbuUm;
    case 'extent':
      return [r.value[0] * dbuUm, r.value[1] * dbuUm];
    default:
      return r.value * dbuUm;
  }
}

function measuredValue(r: CheckRule, v: number, dbuUm: number): number {
  if (r.kind === 'area') return v * dbuUm * dbuUm;
  if (r.kind === 'fraction' || r.kind === 'acuteAngle') return v;
  return v * dbuUm;
}

const round = (v: number, d = 6) => Math.round(v * 10 ** d) / 10 ** d;

export function buildDrcReport(rules: readonly CheckRule[], skipped: readonly SkippedRule[], entries: readonly DrcEntry[], stats: DrcStats, dbuUm: number): DrcReport {
  const summaries = new Map<string, DrcRuleSummary>();
  for (const r of rules) summaries.set(r.id, { rule: r.id, kind: r.kind, layers: r.layers, description: r.description, required: requiredValue(r, dbuUm), unit: r.unit, count: 0, flatCount: 0 });
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const violations: DrcViolation[] = [];
  for (const e of entries) {
    if (e.transforms.length === 0) continue;
    const r = e.rule;
    const s = summaries.get(r.id)!;
    s.count++;
    s.flatCount += e.transforms.length;
    const isMax = r.kind === 'maxWidth' || (r.kind === 'extent' && r.max);
    let m = isMax ? -Infinity : Infinity;
    let detail: string | undefined;
    for (const mk of e.markers) {
      m = isMax ? Math.max(m, mk.measured) : Math.min(m, mk.measured);
      if (!detail && mk.detail) detail = mk.detail;
    }
    const cx = (e.box.x0 + e.box.x1) / 2;
    const cy = (e.box.y0 + e.box.y1) / 2;
    const [tx, ty] = e.transforms[0].apply(cx, cy);
    violations.push({
      rule: r.id,
      kind: r.kind,
      layers: r.layers,
      cell: e.cell.name,
      placements: e.transforms.length,
      xUm: round(cx * dbuUm),
      yUm: round(cy * dbuUm),
      bboxUm: [round(e.box.x0 * dbuUm), round(e.box.y0 * dbuUm), round(e.box.x1 * dbuUm), round(e.box.y1 * dbuUm)],
      topXUm: round(tx * dbuUm),
      topYUm: round(ty * dbuUm),
      measured: round(measuredValue(r, m, dbuUm)),
      required: requiredValue(r, dbuUm),
      unit: r.unit,
      ...(detail ? { detail } : {}),
    });
  }
  violations.sort((a, b) => order.get(a.rule)! - order.get(b.rule)! || a.cell.localeCompare(b.cell) || a.yUm - b.yUm || a.xUm - b.xUm);
  const list = [...summaries.values()];
  return { clean: violations.length === 0, rules: list, violations, skipped: [...skipped], counting: COUNTING_CONVENTION, stats };
}

function fmtReq(v: number | [number, number], unit: string): string {
  return Array.isArray(v) ? `${v[0]} x ${v[1]} um` : `${v} ${unit}`;
}

/** The text report: a summary table, then per rule its violations (at most `maxPerRule`, with the rest counted). */
export function formatTextReport(report: CheckReport, maxPerRule = 10): string {
  const o: string[] = [];
  const d = report.drc;
  o.push(`wlpgen check: ${report.top} (technology ${report.tech}) - ${report.ok ? 'CLEAN' : 'VIOLATIONS FOUND'}`);
  o.push('');
  const bad = d.rules.filter((r) => r.count > 0);
  o.push(`DRC: ${d.violations.length} violation${d.violations.length === 1 ? '' : 's'} (${bad.reduce((s, r) => s + r.flatCount, 0)} in the flattened layout); ${d.rules.length} rules checked, ${bad.length} with violations`);
  for (const r of bad) {
    o.push('');
    o.push(`  ${r.rule}  [${r.kind}, ${r.layers.join('/')}]  required ${fmtReq(r.required, r.unit)}: ${r.count} violation${r.count === 1 ? '' : 's'} (${r.flatCount} placed)`);
    o.push(`    ${r.description}`);
    const vs = d.violations.filter((v) => v.rule === r.rule);
    for (const v of vs.slice(0, maxPerRule)) {
      const where = `cell ${v.cell} (${v.xUm}, ${v.yUm}) um${v.placements > 1 ? ` x${v.placements}, first at (${v.topXUm}, ${v.topYUm}) um in ${report.top}` : ''}`;
      o.push(`    - ${where}: measured ${v.measured} ${v.unit}${v.detail ? ` (${v.detail})` : ''}`);
    }
    if (vs.length > maxPerRule) o.push(`    ... and ${vs.length - maxPerRule} more`);
  }
  if (d.skipped.length) {
    o.push('');
    o.push('  Not checked:');
    for (const s of d.skipped) o.push(`    ${s.id}: ${s.reason}`);
  }
  if (report.connectivity) {
    o.push('');
    o.push(`Connectivity: ${report.connectivity.nets} nets (${report.connectivity.namedNets} named by labels)`);
  }
  if (report.lvs) {
    const l = report.lvs;
    o.push('');
    o.push(`LVS: ${l.ok ? 'OK' : 'FAILED'} - ${l.matched}/${l.intendedNets} nets matched; ${l.opens.length} open, ${l.shorts.length} short, ${l.missing.length} missing, ${l.extra.length} extra`);
    for (const list of [l.opens, l.shorts, l.missing, l.extra]) {
      for (const i of list.slice(0, maxPerRule)) o.push(`  - ${i.kind}: ${i.message}`);
      if (list.length > maxPerRule) o.push(`  ... and ${list.length - maxPerRule} more ${list[0].kind}`);
    }
  }
  if (report.plating) {
    const p = report.plating;
    o.push('');
    if (!p.checked) o.push(`Plating: not checked: ${p.reason}`);
    else o.push(`Plating: ${p.netsPerDie} nets per die on ${p.dies} dies; connected before dicing: ${p.connectedBeforeDicing === null ? 'no plating network' : p.connectedBeforeDicing ? 'yes' : 'NO'}; isolated after dicing: ${p.isolatedAfterDicing ? 'yes' : 'NO'}; longest stub ${p.maxStubUm} um${p.stubLimitUm !== undefined ? ` (limit ${p.stubLimitUm} um)` : ''}`);
    for (const [k, n] of Object.entries(p.counts)) {
      if (!n) continue;
      const list = p.issues.filter((i) => i.kind === k);
      o.push(`  ${k}: ${n}`);
      for (const i of list.slice(0, maxPerRule)) o.push(`    - ${i.message}`);
      if (n > Math.min(list.length, maxPerRule)) o.push(`    ... and ${n - Math.min(list.length, maxPerRule)} more`);
    }
  }
  o.push('');
  o.push(`Timings (s): ${Object.entries(report.timings).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
  o.push(`Counting: ${report.drc.counting}.`);
  return o.join('\n') + '\n';
}

/** The report as JSON text (deterministic key order as built). */
export function formatJsonReport(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** Kind descriptions, for the marker database and documentation. */
export { DRC_SEMANTICS };

/**
 * The KLayout marker database of a DRC run: one category per checked rule, one item per violation
 * in the cell where it was found (multiplicity = placements), with its marker polygons (merged) and
 * the measured and required values; cells carry their placements in the top cell so KLayout shows
 * them in context.
 */
export function drcLyrdb(report: CheckReport, entries: readonly DrcEntry[], rules: readonly CheckRule[], options: { maxRefs?: number; originalFile?: string } = {}): string {
  const dbuUm = report.dbuUm;
  const maxRefs = options.maxRefs ?? 1000;
  const cells = new Map<string, LyrdbCell>();
  cells.set(report.top, { name: report.top, refs: [] });
  const items: LyrdbItem[] = [];
  const refKey = (t: Transform) => `${t.x},${t.y},${t.rotation},${t.mirrorX}`;
  const refSeen = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!e.transforms.length) continue;
    const name = e.cell.name;
    if (name !== report.top) {
      let c = cells.get(name);
      if (!c) cells.set(name, (c = { name, refs: [] }));
      let seen = refSeen.get(name);
      if (!seen) refSeen.set(name, (seen = new Set()));
      for (const t of e.transforms) {
        if (c.refs!.length >= maxRefs) break;
        const k = refKey(t);
        if (seen.has(k)) continue;
        seen.add(k);
        c.refs!.push({ parent: report.top, xUm: t.x * dbuUm, yUm: t.y * dbuUm, rotation: t.rotation, mirrorX: t.mirrorX, magnification: t.magnification });
      }
    }
    const polys = e.markers.length <= 200 ? union(e.markers.flatMap((m) => [m.outer, ...m.holes])) : [{ outer: Int32Array.of(e.box.x0, e.box.y0, e.box.x1, e.box.y0, e.box.x1, e.box.y1, e.box.x0, e.box.y1), holes: [] }];
    const isMax = e.rule.kind === 'maxWidth' || (e.rule.kind === 'extent' && e.rule.max);
    const m = e.markers.reduce((a, mk) => (isMax ? Math.max(a, mk.measured) : Math.min(a, mk.measured)), isMax ? -Infinity : Infinity);
    const req = requiredValue(e.rule, dbuUm);
    const detail = e.markers.find((mk) => mk.detail)?.detail;
    items.push({
      category: e.rule.id,
      cell: name,
      multiplicity: e.transforms.length,
      polygons: polys,
      texts: [`measured ${round(measuredValue(e.rule, m, dbuUm))} ${e.rule.unit}, required ${Array.isArray(req) ? req.join(' x ') : req} ${e.rule.unit}${detail ? ` (${detail})` : ''}`],
    });
  }
  return writeLyrdb({
    description: `wlpgen DRC of ${report.top} (technology ${report.tech})`,
    generator: 'wlpgen verify',
    topCell: report.top,
    dbuUm,
    ...(options.originalFile ? { originalFile: options.originalFile } : {}),
    categories: rules.map((r) => ({ name: r.id, description: `${r.description} [${r.kind}: ${DRC_SEMANTICS[r.kind]}]` })),
    cells: [...cells.values()],
    items,
  });
}
