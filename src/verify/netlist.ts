/**
 * LVS against the intended netlist: the router's pad <-> bump assignment and power nets, written as
 * points on the layout, compared with the nets extracted from the geometry (connectivity.ts).
 *
 * Each intended pad is a point on PAD (the pad centre), each bump a point on BUMP (or UBM when the
 * layout has no bump at that point), micrometres in the frame of the checked cell. A point maps to
 * the extracted net of the polygon under it.
 *  - missing: a point on no metal of its layer;
 *  - open: one intended net whose points fall on several extracted nets (each group listed);
 *  - short: one extracted net holding points of several intended nets;
 *  - extra: an extracted net with a pad or bump polygon but no intended point (reported; an error
 *    only with `extraIsError`, since unassigned mechanical bumps are common in WLCSP).
 */
import type { Cell } from '../core/cell.ts';
import { InputError } from '../core/errors.ts';
import type { Technology } from '../tech/types.ts';
import { ringBox } from './geometry.ts';
import { Connectivity } from './connectivity.ts';

export interface NetPoint {
  /** Pad or bump name ('P12', 'A3'). */
  name: string;
  xUm: number;
  yUm: number;
}

export interface IntendedNet {
  name: string;
  pads: NetPoint[];
  bumps: NetPoint[];
}

export interface IntendedNetlist {
  nets: IntendedNet[];
}

export interface LvsPoint {
  net: string;
  name: string;
  kind: 'pad' | 'bump';
  xUm: number;
  yUm: number;
  /** Extracted net id (-1 when missing) and its label names. */
  extracted: number;
  extractedNames?: string[];
}

export interface LvsIssue {
  kind: 'open' | 'short' | 'missing' | 'extra';
  message: string;
  /** Intended nets involved. */
  nets: string[];
  points: LvsPoint[];
  /** Where to look, um (the first point, or the polygon centre for extras). */
  xUm: number;
  yUm: number;
}

export interface LvsResult {
  ok: boolean;
  /** Intended nets that map to exactly one extracted net holding no other intended net. */
  matched: number;
  intendedNets: number;
  extractedNets: number;
  opens: LvsIssue[];
  shorts: LvsIssue[];
  missing: LvsIssue[];
  extra: LvsIssue[];
  seconds: number;
}

export interface LvsOptions {
  padLayer?: string;
  /** Layers tried in order for bump points (default BUMP, then UBM). */
  bumpLayers?: readonly string[];
  extraIsError?: boolean;
  connectivity?: Connectivity;
  /** Library dbu in um (default 0.001). */
  dbuUm?: number;
}

/** Checks an IntendedNetlist value at the API edge; throws InputError naming the bad entry. */
export function validateNetlist(n: IntendedNetlist): void {
  if (!n || !Array.isArray(n.nets)) throw new InputError('E_NETLIST', 'netlist: expected { nets: [...] }');
  const seen = new Set<string>();
  n.nets.forEach((net, i) => {
    if (typeof net.name !== 'string' || !net.name) throw new InputError('E_NETLIST', `netlist.nets[${i}]: name must be a non-empty string`);
    if (seen.has(net.name)) throw new InputError('E_NETLIST', `netlist.nets[${i}]: net '${net.name}' appears twice`);
    seen.add(net.name);
    for (const key of ['pads', 'bumps'] as const) {
      if (!Array.isArray(net[key])) throw new InputError('E_NETLIST', `netlist.nets[${i}].${key}: expected an array`);
      net[key].forEach((p, j) => {
        if (!Number.isFinite(p.xUm) || !Number.isFinite(p.yUm)) throw new InputError('E_NETLIST', `netlist.nets[${i}].${key}[${j}]: xUm and yUm must be finite numbers`);
      });
    }
  });
}

export function lvs(cell: Cell, tech: Technology, netlist: IntendedNetlist, options: LvsOptions = {}): LvsResult {
  const t0 = performance.now();
  validateNetlist(netlist);
  const conn = options.connectivity ?? new Connectivity(tech);
  const dbuUm = options.dbuUm ?? 0.001;
  const padLayer = options.padLayer ?? 'PAD';
  const bumpLayers = options.bumpLayers ?? ['BUMP', 'UBM'];
  const cn = conn.nets(cell);
  const toDbu = (v: number) => Math.round(v / dbuUm);
  const points: LvsPoint[] = [];
  for (const net of netlist.nets) {
    for (const p of net.pads) points.push({ net: net.name, name: p.name, kind: 'pad', xUm: p.xUm, yUm: p.yUm, extracted: conn.netAt(cell, padLayer, toDbu(p.xUm), toDbu(p.yUm)) });
    for (const p of net.bumps) {
      let id = -1;
      for (const l of bumpLayers) {
        id = conn.netAt(cell, l, toDbu(p.xUm), toDbu(p.yUm));
        if (id >= 0) break;
      }
      points.push({ net: net.name, name: p.name, kind: 'bump', xUm: p.xUm, yUm: p.yUm, extracted: id });
    }
  }
  for (const p of points) if (p.extracted >= 0 && cn.names[p.extracted]?.length) p.extractedNames = cn.names[p.extracted];
  const missing: LvsIssue[] = points
    .filter((p) => p.extracted < 0)
    .map((p) => ({ kind: 'missing' as const, message: `${p.kind} ${p.name} of net ${p.net} at (${p.xUm}, ${p.yUm}) um is on no ${p.kind === 'pad' ? padLayer : bumpLayers.join('/')} shape`, nets: [p.net], points: [p], xUm: p.xUm, yUm: p.yUm }));
  const byIntended = new Map<string, Map<number, LvsPoint[]>>();
  const byExtracted = new Map<number, Map<string, LvsPoint[]>>();
  for (const p of points) {
    if (p.extracted < 0) continue;
    let a = byIntended.get(p.net);
    if (!a) byIntended.set(p.net, (a = new Map()));
    let l = a.get(p.extracted);
    if (!l) a.set(p.extracted, (l = []));
    l.push(p);
    let b = byExtracted.get(p.extracted);
    if (!b) byExtracted.set(p.extracted, (b = new Map()));
    let m = b.get(p.net);
    if (!m) b.set(p.net, (m = []));
    m.push(p);
  }
  const opens: LvsIssue[] = [];
  for (const [net, groups] of byIntended) {
    if (groups.size < 2) continue;
    const parts = [...groups.values()].map((g) => g.map((p) => `${p.name} (${p.xUm}, ${p.yUm})`).join(', '));
    const first = [...groups.values()][0][0];
    opens.push({ kind: 'open', message: `net ${net} is split into ${groups.size} extracted nets: ${parts.map((s) => `[${s}]`).join(' | ')}`, nets: [net], points: [...groups.values()].flat(), xUm: first.xUm, yUm: first.yUm });
  }
  const shorts: LvsIssue[] = [];
  for (const [, groups] of byExtracted) {
    if (groups.size < 2) continue;
    const nets = [...groups.keys()].sort();
    const pts = [...groups.values()].flat();
    shorts.push({ kind: 'short', message: `nets ${nets.join(', ')} are shorted (one extracted net joins ${pts.map((p) => p.name).join(', ')})`, nets, points: pts, xUm: pts[0].xUm, yUm: pts[0].yUm });
  }
  // Extra: pad/bump polygons on nets that hold no intended point.
  const used = new Set(byExtracted.keys());
  const extra: LvsIssue[] = [];
  const reported = new Set<number>();
  const layerPolys = (l: string) => (conn.geometry.isFlat(cell) ? conn.geometry.flatMerged(cell, l).polys : []);
  for (const l of [padLayer, ...bumpLayers]) {
    for (const poly of layerPolys(l)) {
      const b = ringBox(poly.outer);
      const cx = Math.round((b.x0 + b.x1) / 2);
      const cy = Math.round((b.y0 + b.y1) / 2);
      const id = conn.netAt(cell, l, poly.outer[0], poly.outer[1]);
      if (id < 0 || used.has(id) || reported.has(id)) continue;
      reported.add(id);
      const names = cn.names[id] ?? [];
      extra.push({ kind: 'extra', message: `extracted net ${names.length ? names.join(',') : `#${id}`} with a ${l} shape at (${cx * dbuUm}, ${cy * dbuUm}) um holds no intended pad or bump`, nets: [], points: [], xUm: cx * dbuUm, yUm: cy * dbuUm });
    }
  }
  const intendedNets = netlist.nets.length;
  let matched = 0;
  for (const net of netlist.nets) {
    const g = byIntended.get(net.name);
    if (!g || g.size !== 1) continue;
    const id = [...g.keys()][0];
    if ((byExtracted.get(id)?.size ?? 0) === 1 && !points.some((p) => p.net === net.name && p.extracted < 0)) matched++;
  }
  const ok = !opens.length && !shorts.length && !missing.length && (!options.extraIsError || !extra.length);
  return { ok, matched, intendedNets, extractedNets: cn.count, opens, shorts, missing, extra, seconds: (performance.now() - t0) / 1000 };
}
