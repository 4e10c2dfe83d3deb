/**
 * Checks of a stacked package, all measured on the drawn geometry of the stack die cell:
 * - TSV landing: every hole on T<t>.TSV lies inside the merged T<t-1>.RDL metal with at least the
 *   required enclosure (design stack.tsv.enclosure, >= rule rdl.enclosesTsv);
 * - TSV clearance: no metal of another extracted net on the layers the hole passes or lands on
 *   (T<t>.RDL, T<t-1>.RDL, T<t>.PAD) nearer the hole than rule tsv.minSpace (overlap is distance 0);
 *   and no TSV whose extracted net holds pads or balls of an intended net other than its own;
 * - cross-tier LVS: the intended nets (each ball with its die pads on their own tiers' PAD layers)
 *   against the nets the connectivity engine extracts through T<t>.PAD - T<t>.PI1 - T<t>.RDL -
 *   T<t>.TSV - T<t-1>.RDL and, on the top tier, T<n>.RDL - T<n>.PI2 - UBM - POST/BUMP;
 * - process-document ranges (seed 000) of the insulating, resin sealing and heat layer and wafer
 *   thicknesses, as warnings quoting the seed.
 * And the stack's DRC technology: the per-tier rule copies, plus the rules that tie tier layers to
 * shared ones (UBM over PI2, ...) moved onto the top tier's layers (stackDrcTech).
 *
 * Coordinates: dbu in the die frame; locations in reports are micrometres.
 */
import type { Cell } from '../core/cell.ts';
import type { Diagnostic } from '../core/errors.ts';
import { boundsOf } from '../core/box.ts';
import { flatPolygons } from '../core/hierarchy.ts';
import { pointInRing } from '../core/polygon.ts';
import { layerKey } from '../core/layer.ts';
import { union, type PolygonWithHoles } from '../geom/clipper.ts';
import { ringDistance } from '../geom/spatial.ts';
import { processRangeWarnings } from '../mech/index.ts';
import { recordLayers, tierLayerName } from '../tech/index.ts';
import type { RuleRecord, Technology } from '../tech/types.ts';
import { Connectivity, type ConductorStack } from '../verify/index.ts';
import type { StackBuild } from './build.ts';

/** One finding of a stack check; `xyUm` in the die frame. */
export interface StackViolation {
  code: 'E_TSV_LANDING' | 'E_TSV_CLEARANCE' | 'E_TSV_NET' | 'E_LVS_OPEN' | 'E_LVS_SHORT' | 'E_LVS_MISSING';
  message: string;
  tier?: number;
  xyUm: [number, number];
}

/** The conductor stack of an n-tier package (see the module notes). */
export function stackConductors(tech: Technology, tiers: number): ConductorStack {
  const pairs: [string, string][] = [];
  const has = (l: string) => Object.prototype.hasOwnProperty.call(tech.layers, l);
  const add = (a: string, b: string) => {
    if (has(a) && has(b)) pairs.push([a, b]);
  };
  for (let t = 1; t <= tiers; t++) {
    const T = (b: string) => tierLayerName(t, b);
    add(T('PAD'), T('PI1'));
    add(T('PI1'), T('RDL'));
    if (t >= 2) {
      add(T('TSV'), T('RDL'));
      add(T('TSV'), tierLayerName(t - 1, 'RDL'));
    }
  }
  const top = (b: string) => tierLayerName(tiers, b);
  add(top('RDL'), top('PI2'));
  add(top('PI2'), 'UBM');
  add('UBM', 'POST');
  add('POST', 'BUMP');
  add('UBM', 'BUMP');
  return { layers: [...new Set(pairs.flat())], connections: pairs };
}

const LAYER_FIELDS = ['layer', 'inner', 'outer', 'a', 'b', 'interacting'] as const;

/**
 * The technology the stack's DRC runs with: rules among tier-scheme layers only are checked through
 * their per-tier copies (T<t>.rdl.minWidth, ...; the base copies would see empty base layers); rules
 * that tie a tier-scheme layer to a shared one (rdl.enclosesUbm: RDL around UBM) apply to the top
 * tier, whose layers they are moved to (same id); rules on shared layers only stay as they are.
 */
export function stackDrcTech(tech: Technology, tiers: number): Technology {
  const scheme = new Set(tech.tiers.layers);
  const list: RuleRecord[] = [];
  for (const r of tech.ruleList) {
    if (/^T[1-9][0-9]*\./.test(r.id)) {
      list.push(r);
      continue;
    }
    const layers = recordLayers(r);
    const tiered = layers.filter((l) => scheme.has(l));
    if (tiered.length === 0) list.push(r);
    else if (tiered.length < layers.length) {
      const moved: Record<string, unknown> = { ...r };
      for (const f of LAYER_FIELDS) {
        const v = moved[f];
        if (typeof v === 'string' && scheme.has(v)) moved[f] = tierLayerName(tiers, v);
      }
      list.push(moved as unknown as RuleRecord);
    }
  }
  return { ...tech, ruleList: list };
}

// --- geometry helpers (dbu) ------------------------------------------------------------------


function pointInPwh(p: PolygonWithHoles, x: number, y: number): boolean {
  return pointInRing(p.outer, x, y) && !p.holes.some((h) => pointInRing(h, x, y));
}

/** Distance from ring `hole` to polygon `p`: 0 when they overlap, else the boundary distance. */
function ringToPwhDistance(hole: ArrayLike<number>, p: PolygonWithHoles): number {
  if (pointInPwh(p, hole[0], hole[1]) || pointInRing(hole, p.outer[0], p.outer[1])) return 0;
  return Math.min(ringDistance(hole, p.outer), ...p.holes.map((h) => ringDistance(hole, h)));
}

function centreUm(r: ArrayLike<number>): [number, number] {
  const [x0, y0, x1, y1] = boundsOf(r);
  return [Math.round((x0 + x1) / 2) / 1000, Math.round((y0 + y1) / 2) / 1000];
}

/** Rings of one layer of `cell`, flattened into its frame. */
function layerRings(cell: Cell, tech: Technology, layer: string): Int32Array[] {
  const l = tech.layers[layer];
  if (!l) return [];
  const out: Int32Array[] = [];
  for (const p of flatPolygons(cell, { layers: new Set([layerKey(l.layer, l.datatype)]) })) out.push(Int32Array.from(p.points));
  return out;
}

// --- the checks -------------------------------------------------------------------------------

export interface StackCheckResult {
  violations: StackViolation[];
  warnings: Diagnostic[];
  lvs: { ok: boolean; opens: number; shorts: number; missing: number; nets: number; matched: number };
  tsvs: number;
}

/** TSV landing enclosure on the tier below, measured (see the module notes). */
export function checkTsvLandings(cell: Cell, tech: Technology, tiers: number, enclosure: number): { violations: StackViolation[]; tsvs: number } {
  const violations: StackViolation[] = [];
  let tsvs = 0;
  for (let t = 2; t <= tiers; t++) {
    const holes = layerRings(cell, tech, tierLayerName(t, 'TSV'));
    if (holes.length === 0) continue;
    const below = layerRings(cell, tech, tierLayerName(t - 1, 'RDL')).map((r) => ({ r, b: boundsOf(r) }));
    for (const hole of holes) {
      tsvs++;
      const [x0, y0, x1, y1] = boundsOf(hole);
      const m = enclosure + 1;
      const near = below.filter(({ b }) => b[0] <= x1 + m && b[2] >= x0 - m && b[1] <= y1 + m && b[3] >= y0 - m).map(({ r }) => r);
      const merged = near.length ? union(near) : [];
      const host = merged.find((p) => pointInPwh(p, hole[0], hole[1]));
      const xyUm = centreUm(hole);
      if (!host) {
        violations.push({ code: 'E_TSV_LANDING', tier: t, xyUm, message: `TSV of tier ${t} at (${xyUm[0]}, ${xyUm[1]}) um does not land on ${tierLayerName(t - 1, 'RDL')} metal` });
        continue;
      }
      // Inside the host: the enclosure is the distance from the hole to the host's boundary (0 if they cross).
      const d = Math.min(ringDistance(hole, host.outer), ...host.holes.map((h) => ringDistance(hole, h)));
      const inside = d > 0 && hole.length >= 6 && Array.from({ length: hole.length / 2 }, (_, i) => i).every((i) => pointInPwh(host, hole[2 * i], hole[2 * i + 1]));
      // Distances are square roots of integers: compare with the rule after rounding to the nearest nm.
      if (!inside || Math.round(d) < enclosure) {
        violations.push({
          code: 'E_TSV_LANDING',
          tier: t,
          xyUm,
          message: `TSV of tier ${t} at (${xyUm[0]}, ${xyUm[1]}) um: landing on ${tierLayerName(t - 1, 'RDL')} encloses it by ${inside ? (Math.round(d) / 1000).toFixed(3) : 'nothing (the hole leaves the pad)'} um, below the required ${enclosure / 1000} um`,
        });
      }
    }
  }
  return { violations, tsvs };
}

/** All stack checks on the stack die cell of `sb`. */
export function checkStack(sb: StackBuild, cell: Cell = sb.die): StackCheckResult {
  const { tech, stack } = sb;
  const n = stack.tiers.length;
  const landing = checkTsvLandings(cell, tech, n, stack.tsv.enclosure);
  const violations = [...landing.violations];
  const conn = new Connectivity(tech, undefined, { stack: stackConductors(tech, n) });
  const cn = conn.nets(cell);

  // Cross-tier LVS: intended points -> extracted nets.
  type Pt = { net: string; name: string; kind: 'pad' | 'ball'; x: number; y: number; id: number };
  const pts: Pt[] = [];
  for (const net of sb.nets) {
    for (const p of net.pads) pts.push({ net: net.net, name: p.name, kind: 'pad', x: p.x, y: p.y, id: conn.netAt(cell, tierLayerName(p.tier, 'PAD'), p.x, p.y) });
    for (const b of net.balls) {
      let id = conn.netAt(cell, 'BUMP', b.x, b.y);
      if (id < 0) id = conn.netAt(cell, 'UBM', b.x, b.y);
      pts.push({ net: net.net, name: b.name, kind: 'ball', x: b.x, y: b.y, id });
    }
  }
  const um = (p: { x: number; y: number }): [number, number] => [p.x / 1000, p.y / 1000];
  let missing = 0;
  for (const p of pts) {
    if (p.id >= 0) continue;
    missing++;
    violations.push({ code: 'E_LVS_MISSING', xyUm: um(p), message: `${p.kind} ${p.name} of net ${p.net} at (${p.x / 1000}, ${p.y / 1000}) um is on no ${p.kind === 'pad' ? 'PAD' : 'BUMP/UBM'} shape` });
  }
  const byNet = new Map<string, Map<number, Pt[]>>();
  const byId = new Map<number, Set<string>>();
  for (const p of pts) {
    if (p.id < 0) continue;
    let g = byNet.get(p.net);
    if (!g) byNet.set(p.net, (g = new Map()));
    g.set(p.id, [...(g.get(p.id) ?? []), p]);
    let s = byId.get(p.id);
    if (!s) byId.set(p.id, (s = new Set()));
    s.add(p.net);
  }
  let opens = 0;
  for (const [net, groups] of byNet) {
    if (groups.size < 2) continue;
    opens++;
    const parts = [...groups.values()].map((g) => `[${g.map((p) => `${p.name} (${p.x / 1000}, ${p.y / 1000})`).join(', ')}]`);
    const first = [...groups.values()][0][0];
    violations.push({ code: 'E_LVS_OPEN', xyUm: um(first), message: `net ${net} is open across the stack: ${groups.size} extracted nets ${parts.join(' | ')}` });
  }
  let shorts = 0;
  for (const [id, set] of byId) {
    if (set.size < 2) continue;
    shorts++;
    const p = pts.find((q) => q.id === id)!;
    violations.push({ code: 'E_LVS_SHORT', xyUm: um(p), message: `nets ${[...set].sort().join(', ')} are shorted (one extracted net)` });
  }
  let matched = 0;
  for (const net of sb.nets) {
    const g = byNet.get(net.net);
    if (g && g.size === 1 && byId.get([...g.keys()][0])!.size === 1 && !pts.some((p) => p.net === net.net && p.id < 0)) matched++;
  }

  // TSV clearance and TSV nets, hole by hole.
  const minSpace = tech.rules.tsv.minSpace;
  for (let t = 2; t <= n; t++) {
    const layers = new Set([tierLayerName(t, 'RDL'), tierLayerName(t - 1, 'RDL'), tierLayerName(t, 'PAD')]);
    for (const hole of layerRings(cell, tech, tierLayerName(t, 'TSV'))) {
      const [x0, y0, x1, y1] = boundsOf(hole);
      const xyUm = centreUm(hole);
      const cx = Math.round((x0 + x1) / 2);
      const cy = Math.round((y0 + y1) / 2);
      const own = conn.netAt(cell, tierLayerName(t, 'TSV'), cx, cy);
      const box = { x0: x0 - minSpace, y0: y0 - minSpace, x1: x1 + minSpace, y1: y1 + minSpace };
      const seen = new Set<string>();
      for (const np of conn.netPolygons(cn, box)) {
        if (!layers.has(np.layer) || np.net === own) continue;
        const d = ringToPwhDistance(hole, np.poly);
        if (Math.round(d) >= minSpace) continue;
        const key = `${np.layer}|${np.net}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const names = [...(byId.get(np.net) ?? [])];
        violations.push({
          code: 'E_TSV_CLEARANCE',
          tier: t,
          xyUm,
          message: `TSV of tier ${t} at (${xyUm[0]}, ${xyUm[1]}) um is ${d === 0 ? 'on' : `${(Math.round(d) / 1000).toFixed(3)} um from`} ${np.layer} metal of another net${names.length ? ` (${names.join(', ')})` : ''} (allowed: >= tsv.minSpace ${minSpace / 1000} um)`,
        });
      }
      // The net the hole was placed for: that of the planned TSV site under it (within a landing radius).
      let intended: string | undefined;
      let best = (sb.stack.tsv.landing / 2) ** 2;
      for (const m of sb.nets) {
        for (const v of m.tsvs) {
          const d2 = (v.x - cx) ** 2 + (v.y - cy) ** 2;
          if (v.tier === t && d2 <= best) [best, intended] = [d2, m.net];
        }
      }
      const joined = own >= 0 ? [...(byId.get(own) ?? [])] : [];
      const foreign = joined.filter((m) => m !== intended);
      if (foreign.length) {
        const what = intended ? `placed for net ${intended}` : 'at no planned TSV site';
        violations.push({ code: 'E_TSV_NET', tier: t, xyUm, message: `TSV of tier ${t} at (${xyUm[0]}, ${xyUm[1]}) um, ${what}, joins net${foreign.length > 1 ? 's' : ''} ${foreign.join(', ')}` });
      }
    }
  }

  // Process-document ranges (seed 000), warnings.
  const warnings = processRangeWarnings({
    insulatingLayerThicknessUm: stack.insulator / 1000,
    resinSealingThicknessUm: stack.resin / 1000,
    heatRadiationLayerThicknessUm: stack.heat / 1000,
  });
  for (const t of stack.tiers) {
    if (t.thickness === undefined) continue;
    for (const w of processRangeWarnings({ waferThicknessUm: t.thickness / 1000 })) warnings.push({ ...w, message: `tier ${t.tier}: ${w.message}` });
  }
  return {
    violations,
    warnings,
    lvs: { ok: opens === 0 && shorts === 0 && missing === 0, opens, shorts, missing, nets: sb.nets.length, matched },
    tsvs: landing.tsvs,
  };
}
