/**
 * Plating and dicing checks of a wafer with a kerf plating network.
 *
 * Before dicing (electroplating): every plated feature (each polygon of `featureLayer`, default UBM,
 * of every die on the wafer) must be connected to the plating contact (the edge ring): its extracted
 * net (connectivity.ts, hierarchical) must be a contact net.
 *
 * After dicing: the saw removes SAW from every conducting layer. Each die is examined in a window:
 * its die box (DIE layer of the die cell, else its conducting box) grown by half the street (half the
 * gap to the nearest other die), so the window edge runs down the middle of the street, inside the
 * saw cut. In the window, metal minus SAW (clipped to the window) must:
 *  - not reach the window edge ("not cut": metal survives across the saw line);
 *  - keep every die net in one piece ("open after dicing": a net joined only through the kerf);
 *  - keep different die nets apart ("short after dicing": a kerf remnant joins two nets);
 *  - leave no stub longer than `stubLimitUm` beyond the die box (the remnant of a plating bridge,
 *    measured as its farthest point from the die box).
 * Die nets are the die cell's own nets (its extraction without the kerf). Identical windows (every
 * interior die of an array, with its kerf cell and bus pieces at the same relative place) are
 * evaluated once.
 */
import type { Box } from '../core/box.ts';
import type { Cell } from '../core/cell.ts';
import { Transform } from '../core/transform.ts';
import { difference, intersection, type PolygonWithHoles } from '../geom/clipper.ts';
import type { Technology } from '../tech/types.ts';
import { Connectivity, extractFrame } from './connectivity.ts';
import { clipToBox, mergeRings, pointInPwh, pwhOverlap, ringBox } from './geometry.ts';
import { transformBox, type IndexedPolygons } from './layout.ts';
import { GridIndex } from './spatial.ts';

export type PlatingContact = 'auto' | { layer: string } | { rings: ArrayLike<number>[] };

export interface PlatingOptions {
  /** The plating contact: 'auto' (default: the net of the top cell's largest own conducting shape, the edge ring), a marker layer, or rings (top frame, dbu). */
  contact?: PlatingContact;
  /** The saw cut layer (default 'SAW'). */
  saw?: string;
  /** Longest stub allowed beyond the die box after dicing, um (default: stubs are measured, not judged). */
  stubLimitUm?: number;
  /** The plated features (default 'UBM', else 'BUMP'). */
  featureLayer?: string;
  /** The die outline layer (default 'DIE'). */
  dieLayer?: string;
  /** Issues listed per kind (counts are always complete; default 50). */
  maxListed?: number;
  connectivity?: Connectivity;
  /** Library dbu in um (default 0.001). */
  dbuUm?: number;
}

export type PlatingIssueKind = 'unplated' | 'notCut' | 'openAfterDicing' | 'shortAfterDicing' | 'stub';

export interface PlatingIssue {
  kind: PlatingIssueKind;
  message: string;
  /** Location in the top cell, um. */
  xUm: number;
  yUm: number;
  /** Stub length, um (stubs only). */
  lengthUm?: number;
}

export interface PlatingResult {
  connectedBeforeDicing: boolean;
  isolatedAfterDicing: boolean;
  dies: number;
  features: number;
  contactNets: number;
  counts: Record<PlatingIssueKind, number>;
  /** Longest stub found, um (0 when none). */
  maxStubUm: number;
  stubLimitUm?: number;
  issues: PlatingIssue[];
  /** Distinct die windows evaluated (the rest reused a result). */
  windowsEvaluated: number;
  seconds: number;
}

/**
 * A die placed under the top: the die cell, its transform, and its net ids mapped to the top's nets
 * (null when the path passes through a flat cell: then the top net is looked up by point). `outline`
 * is set for dies that are only outline polygons of a flat layout (no die cell to take nets from).
 */
interface DiePlacement {
  cell: Cell;
  t: Transform;
  map: ((n: number) => number) | null;
  outline?: PolygonWithHoles;
}

/**
 * The dies under `cell`: the highest cells that hold exactly one die outline (`dieLayer` polygon,
 * flattened), found through every placement (a die cell may draw its outline in a child cell);
 * outline polygons a cell draws among several are dies of their own (a flattened wafer). A layout
 * without outlines is one die.
 */
function diePlacements(conn: Connectivity, top: Cell, dieLayer: string): DiePlacement[] {
  const g = conn.geometry;
  const counts = new Map<Cell, number>();
  const outlines = (c: Cell): number => {
    let n = counts.get(c);
    if (n !== undefined) return n;
    n = g.own(c).raw.get(dieLayer)?.length ?? 0;
    for (const r of c.refs) n += outlines(r.cell);
    for (const a of c.arrays) n += a.cols * a.rows * outlines(a.cell);
    counts.set(c, n);
    return n;
  };
  const out: DiePlacement[] = [];
  const walk = (cell: Cell, t: Transform, map: ((n: number) => number) | null) => {
    if (outlines(cell) === 1) {
      out.push({ cell, t, map });
      return;
    }
    for (const o of mergeRings(g.own(cell).raw.get(dieLayer) ?? [])) out.push({ cell, t, map: null, outline: o });
    const cn = g.isFlat(cell) ? null : conn.nets(cell);
    const pl = g.placements(cell);
    for (let k = 0; k < pl.cells.length; k++) {
      if (outlines(pl.cells[k]) === 0) continue;
      let childMap: ((n: number) => number) | null = null;
      if (cn && map) {
        const off = cn.offsets![k];
        const canon = cn.canon!;
        childMap = (m) => map(canon[off + m]);
      }
      walk(pl.cells[k], t.compose(pl.transforms[k]), childMap);
    }
  };
  if (outlines(top) === 0) out.push({ cell: top, t: Transform.IDENTITY, map: (n) => n });
  else walk(top, Transform.IDENTITY, (n) => n);
  return out;
}

interface DieWindow {
  /** Die box, top frame. */
  box: Box;
  /** Features: top-frame centre, die net (-1 when unknown). */
  fx: Float64Array;
  fy: Float64Array;
  fnet: Int32Array;
  /** Window signature prefix (die cell and orientation) or null when not cacheable. */
  sig: string | null;
  anchor: [number, number];
}

interface WindowResult {
  notCut: [number, number][];
  opens: { net: number; x: number; y: number }[];
  shorts: { nets: number[]; x: number; y: number }[];
  stubs: { length: number; x: number; y: number }[];
}

function boxRing(b: Box): Int32Array {
  return Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1);
}

function distToBox(x: number, y: number, b: Box): number {
  const dx = x < b.x0 ? b.x0 - x : x > b.x1 ? x - b.x1 : 0;
  const dy = y < b.y0 ? b.y0 - y : y > b.y1 ? y - b.y1 : 0;
  return Math.hypot(dx, dy);
}

export function checkPlating(top: Cell, tech: Technology, options: PlatingOptions = {}): PlatingResult {
  const t0 = performance.now();
  const conn = options.connectivity ?? new Connectivity(tech);
  const g = conn.geometry;
  const dbuUm = options.dbuUm ?? 0.001;
  const sawLayer = options.saw ?? 'SAW';
  const dieLayer = options.dieLayer ?? 'DIE';
  const maxListed = options.maxListed ?? 50;
  const stack = conn.stack;
  const featureLayer = options.featureLayer ?? (g.layerBox(top, 'UBM') ? 'UBM' : 'BUMP');
  const topNets = conn.nets(top);
  const counts: Record<PlatingIssueKind, number> = { unplated: 0, notCut: 0, openAfterDicing: 0, shortAfterDicing: 0, stub: 0 };
  const issues: PlatingIssue[] = [];
  const listed: Record<PlatingIssueKind, number> = { unplated: 0, notCut: 0, openAfterDicing: 0, shortAfterDicing: 0, stub: 0 };
  const issue = (i: PlatingIssue) => {
    counts[i.kind]++;
    if (listed[i.kind]++ < maxListed) issues.push(i);
  };
  const um = (v: number) => Math.round(v) * dbuUm;

  // ---- contact nets ----
  const contactNets = new Set<number>();
  const topBox = g.layersBox(top, stack.layers);
  const contact = options.contact ?? 'auto';
  if (contact === 'auto') {
    let best: { net: number; area: number } | null = null;
    const consider = (polys: IndexedPolygons, nets: Int32Array, canon?: Int32Array) => {
      for (let i = 0; i < polys.polys.length; i++) {
        const a = (polys.boxes[i * 4 + 2] - polys.boxes[i * 4]) * (polys.boxes[i * 4 + 3] - polys.boxes[i * 4 + 1]);
        if (!best || a > best.area) best = { net: canon ? canon[nets[i]] : nets[i], area: a };
      }
    };
    if (topNets.own) for (const o of topNets.own.values()) consider(o.polys, o.net, topNets.canon);
    else for (const l of stack.layers) consider(g.flatMerged(top, l), topNets.polyNet!.get(l)!);
    if (best) contactNets.add((best as { net: number }).net);
  } else if (topBox) {
    const rings = 'rings' in contact ? contact.rings.map((r) => Int32Array.from(r)) : g.polygonsIn(top, contact.layer, topBox).flatMap((p) => [p.outer, ...p.holes]);
    const region = mergeRings(rings);
    for (const r of region) {
      for (const p of conn.netPolygons(topNets, ringBox(r.outer))) if (pwhOverlap(p.poly, r)) contactNets.add(p.net);
    }
  }

  // ---- dies and features ----
  const windows: DieWindow[] = [];
  let features = 0;
  for (const dp of diePlacements(conn, top, dieLayer)) {
    // Features and their die nets (the die cell's own extraction) when the die is one flat cell.
    const dieFlat = !dp.outline && g.isFlat(dp.cell);
    let fpolys: PolygonWithHoles[] = dieFlat ? g.flatMerged(dp.cell, featureLayer).polys : g.polygonsIn(dp.cell, featureLayer, g.layerBox(dp.cell, featureLayer) ?? { x0: 0, y0: 0, x1: -1, y1: -1 });
    let fnets = dieFlat ? conn.nets(dp.cell).polyNet!.get(featureLayer) : undefined;
    if (dp.outline) {
      const o = dp.outline;
      fpolys = fpolys.filter((p) => {
        const b = ringBox(p.outer);
        return pointInPwh(o, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
      });
      fnets = undefined;
    }
    const dieBoxLocal = dp.outline ? ringBox(dp.outline.outer) : (g.layerBox(dp.cell, dieLayer) ?? g.layersBox(dp.cell, stack.layers));
    if (!dieBoxLocal) continue;
    const n = fpolys.length;
    const fx = new Float64Array(n);
    const fy = new Float64Array(n);
    const fnet = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const b = ringBox(fpolys[i].outer);
      const [x, y] = dp.t.apply((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
      fx[i] = x;
      fy[i] = y;
      fnet[i] = fnets ? fnets[i] : -1;
      features++;
      const topNet = dp.map && fnets ? dp.map(fnets[i]) : conn.netAt(top, featureLayer, Math.round(x), Math.round(y));
      if (!contactNets.has(topNet)) issue({ kind: 'unplated', message: `${featureLayer} at (${um(x)}, ${um(y)}) um (cell ${dp.cell.name}) is not connected to the plating contact before dicing`, xUm: um(x), yUm: um(y) });
    }
    const box = transformBox(dieBoxLocal, dp.t);
    const t = dp.t;
    // Windows of a flat top cannot be keyed by their sources (the top is merged as a whole): no cache.
    windows.push({ box, fx, fy, fnet, sig: g.isFlat(top) || dp.outline ? null : `${dp.cell.name}|${t.rotation}|${t.mirrorX}|${t.magnification}`, anchor: [box.x0, box.y0] });
  }

  // ---- after dicing ----
  // Margin: half the gap to the nearest other die box (the street's centre line).
  const nb = new Float64Array(windows.length * 4);
  windows.forEach((w, i) => nb.set([w.box.x0, w.box.y0, w.box.x1, w.box.y1], i * 4));
  const dieIndex = new GridIndex(nb);
  const cache = new Map<string, WindowResult>();
  let evaluated = 0;
  let maxStub = 0;
  const limit = options.stubLimitUm !== undefined ? options.stubLimitUm / dbuUm : undefined;
  const layers = stack.layers;
  windows.forEach((w, wi) => {
    let gap = Infinity;
    const probe = 2_000_000;
    dieIndex.search(w.box.x0 - probe, w.box.y0 - probe, w.box.x1 + probe, w.box.y1 + probe, (j) => {
      if (j === wi) return;
      const o = windows[j].box;
      const dx = Math.max(o.x0 - w.box.x1, w.box.x0 - o.x1, 0);
      const dy = Math.max(o.y0 - w.box.y1, w.box.y0 - o.y1, 0);
      const d = Math.max(dx, dy);
      if (d > 0 && d < gap) gap = d;
    });
    const margin = Number.isFinite(gap) ? Math.floor(gap / 2) : 100_000;
    const W: Box = { x0: w.box.x0 - margin, y0: w.box.y0 - margin, x1: w.box.x1 + margin, y1: w.box.y1 + margin };
    const [ax, ay] = w.anchor;
    let key: string | null = null;
    if (w.sig !== null) key = `${w.sig}|${margin}|${windowSignature(conn, top, [...layers, sawLayer], W, ax, ay)}|${Array.from(w.fnet).join(',')}`;
    let res = key ? cache.get(key) : undefined;
    if (!res) {
      res = evaluateWindow(conn, top, layers, sawLayer, featureLayer, W, w);
      evaluated++;
      if (key) cache.set(key, shiftResult(res, -ax, -ay));
    } else res = shiftResult(res, ax, ay);
    for (const [x, y] of res.notCut) issue({ kind: 'notCut', message: `metal reaches the street centre at (${um(x)}, ${um(y)}) um after the saw: the kerf is not cut there`, xUm: um(x), yUm: um(y) });
    for (const o of res.opens) issue({ kind: 'openAfterDicing', message: `die net #${o.net} falls apart after dicing (joined only through the kerf), near (${um(o.x)}, ${um(o.y)}) um`, xUm: um(o.x), yUm: um(o.y) });
    for (const s of res.shorts) issue({ kind: 'shortAfterDicing', message: `die nets #${s.nets.join(', #')} stay joined after dicing near (${um(s.x)}, ${um(s.y)}) um`, xUm: um(s.x), yUm: um(s.y) });
    for (const s of res.stubs) {
      if (s.length > maxStub) maxStub = s.length;
      if (limit !== undefined && s.length > limit) issue({ kind: 'stub', message: `stub of ${um(s.length)} um beyond the die edge at (${um(s.x)}, ${um(s.y)}) um (limit ${options.stubLimitUm} um)`, xUm: um(s.x), yUm: um(s.y), lengthUm: um(s.length) });
    }
  });
  return {
    connectedBeforeDicing: counts.unplated === 0 && features > 0,
    isolatedAfterDicing: counts.notCut === 0 && counts.openAfterDicing === 0 && counts.shortAfterDicing === 0 && counts.stub === 0,
    dies: windows.length,
    features,
    contactNets: contactNets.size,
    counts,
    maxStubUm: um(maxStub),
    ...(options.stubLimitUm !== undefined ? { stubLimitUm: options.stubLimitUm } : {}),
    issues,
    windowsEvaluated: evaluated,
    seconds: (performance.now() - t0) / 1000,
  };
}

function shiftResult(r: WindowResult, dx: number, dy: number): WindowResult {
  return {
    notCut: r.notCut.map(([x, y]) => [x + dx, y + dy]),
    opens: r.opens.map((o) => ({ ...o, x: o.x + dx, y: o.y + dy })),
    shorts: r.shorts.map((o) => ({ ...o, x: o.x + dx, y: o.y + dy })),
    stubs: r.stubs.map((o) => ({ ...o, x: o.x + dx, y: o.y + dy })),
  };
}

/** Sources of the top touching W on the given layers, relative to the anchor (own pieces clipped to W). */
function windowSignature(conn: Connectivity, top: Cell, layers: readonly string[], W: Box, ax: number, ay: number): string {
  const g = conn.geometry;
  if (g.isFlat(top)) return '';
  const parts: string[] = [];
  for (const l of layers) {
    const own = g.ownPieces(top, l);
    own.index.search(W.x0, W.y0, W.x1, W.y1, (i) => {
      for (const p of clipToBox(own.polys[i], W)) parts.push(`${l}:${Array.from(p.outer, (v, k) => v - (k & 1 ? ay : ax)).join(',')}/${p.holes.length}`);
    });
  }
  const pl = g.placements(top);
  pl.index.search(W.x0, W.y0, W.x1, W.y1, (k) => {
    const cb = g.layersBox(pl.cells[k], layers);
    if (!cb) return;
    const t = pl.transforms[k];
    const b = transformBox(cb, t);
    if (b.x0 > W.x1 || b.x1 < W.x0 || b.y0 > W.y1 || b.y1 < W.y0) return;
    parts.push(`${pl.cells[k].name}:${t.rotation}:${t.mirrorX}:${t.magnification}:${t.x - ax}:${t.y - ay}`);
  });
  return parts.sort().join(';');
}

function evaluateWindow(conn: Connectivity, top: Cell, layers: readonly string[], sawLayer: string, featureLayer: string, W: Box, w: DieWindow): WindowResult {
  const g = conn.geometry;
  const saw = g.polygonsIn(top, sawLayer, W).flatMap((p) => [p.outer, ...p.holes]);
  const clip = [boxRing(W)];
  const merged = new Map<string, IndexedPolygons>();
  for (const l of layers) {
    const rings = g.polygonsIn(top, l, W).flatMap((p) => [p.outer, ...p.holes]);
    let polys: PolygonWithHoles[] = [];
    if (rings.length) {
      const cut = saw.length ? difference(rings, saw) : mergeRings(rings);
      polys = intersection(cut.flatMap((p) => [p.outer, ...p.holes]), clip);
    }
    const boxes = new Float64Array(polys.length * 4);
    polys.forEach((p, i) => {
      const b = ringBox(p.outer);
      boxes.set([b.x0, b.y0, b.x1, b.y1], i * 4);
    });
    merged.set(l, { polys, boxes, index: new GridIndex(boxes) });
  }
  const { net: comp } = extractFrame(merged, conn.stack);
  const res: WindowResult = { notCut: [], opens: [], shorts: [], stubs: [] };
  // Not cut: metal on the window edge.
  const onEdge = new Set<number>();
  for (const l of layers) {
    const ip = merged.get(l)!;
    const c = comp.get(l)!;
    for (let i = 0; i < ip.polys.length; i++) {
      const b = { x0: ip.boxes[i * 4], y0: ip.boxes[i * 4 + 1], x1: ip.boxes[i * 4 + 2], y1: ip.boxes[i * 4 + 3] };
      if (b.x0 <= W.x0 || b.y0 <= W.y0 || b.x1 >= W.x1 || b.y1 >= W.y1) {
        if (!onEdge.has(c[i])) {
          onEdge.add(c[i]);
          const x = b.x0 <= W.x0 ? W.x0 : b.x1 >= W.x1 ? W.x1 : (b.x0 + b.x1) / 2;
          const y = b.y0 <= W.y0 ? W.y0 : b.y1 >= W.y1 ? W.y1 : (b.y0 + b.y1) / 2;
          res.notCut.push([x, y]);
        }
      }
    }
  }
  // Features -> components.
  const fip = merged.get(featureLayer);
  const fcomp = new Int32Array(w.fx.length).fill(-1);
  if (fip) {
    const c = comp.get(featureLayer)!;
    for (let i = 0; i < w.fx.length; i++) {
      const x = w.fx[i];
      const y = w.fy[i];
      fip.index.search(x, y, x, y, (j) => {
        if (fcomp[i] < 0 && pointInPwh(fip.polys[j], x, y)) fcomp[i] = c[j];
      });
    }
  }
  const compsOfNet = new Map<number, Map<number, number>>();
  const netsOfComp = new Map<number, Set<number>>();
  for (let i = 0; i < w.fx.length; i++) {
    const n = w.fnet[i];
    const k = fcomp[i];
    if (n < 0 || k < 0) continue;
    let a = compsOfNet.get(n);
    if (!a) compsOfNet.set(n, (a = new Map()));
    if (!a.has(k)) a.set(k, i);
    let b = netsOfComp.get(k);
    if (!b) netsOfComp.set(k, (b = new Set()));
    b.add(n);
  }
  for (const [n, ks] of compsOfNet) {
    if (ks.size < 2) continue;
    const i = [...ks.values()][1];
    res.opens.push({ net: n, x: w.fx[i], y: w.fy[i] });
  }
  for (const [k, ns] of netsOfComp) {
    if (ns.size < 2) continue;
    const i = fcomp.findIndex((c) => c === k);
    res.shorts.push({ nets: [...ns].sort((a, b) => a - b), x: w.fx[i], y: w.fy[i] });
  }
  // Stubs: metal outside the die box, per piece, in components that also reach inside the die box.
  const dieRing = boxRing(w.box);
  const inside = new Set<number>();
  const outsidePieces: { comp: number; poly: PolygonWithHoles }[] = [];
  for (const l of layers) {
    const ip = merged.get(l)!;
    const c = comp.get(l)!;
    for (let i = 0; i < ip.polys.length; i++) {
      const b = { x0: ip.boxes[i * 4], y0: ip.boxes[i * 4 + 1], x1: ip.boxes[i * 4 + 2], y1: ip.boxes[i * 4 + 3] };
      const within = b.x0 >= w.box.x0 && b.y0 >= w.box.y0 && b.x1 <= w.box.x1 && b.y1 <= w.box.y1;
      const overlapsDie = b.x0 < w.box.x1 && w.box.x0 < b.x1 && b.y0 < w.box.y1 && w.box.y0 < b.y1;
      if (overlapsDie) inside.add(c[i]);
      if (within) continue;
      for (const piece of difference([ip.polys[i].outer, ...ip.polys[i].holes], [dieRing])) outsidePieces.push({ comp: c[i], poly: piece });
    }
  }
  for (const p of outsidePieces) {
    if (!inside.has(p.comp)) continue;
    let best = 0;
    let bx = 0;
    let by = 0;
    for (let k = 0; k < p.poly.outer.length; k += 2) {
      const d = distToBox(p.poly.outer[k], p.poly.outer[k + 1], w.box);
      if (d > best) {
        best = d;
        bx = p.poly.outer[k];
        by = p.poly.outer[k + 1];
      }
    }
    if (best > 0) res.stubs.push({ length: best, x: bx, y: by });
  }
  return res;
}
