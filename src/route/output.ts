/**
 * Output geometry: per net, the union of its pads, stubs, traces (segment hulls of the trace
 * octagon), teardrops and tie, as GDS-ready rings (holes keyholed); the reported centrelines (um);
 * and drawRouting, which puts a routing result into a cell.
 */
import type { Cell } from '../core/cell.ts';
import type { Technology } from '../tech/types.ts';
import { toGdsRings, union, type PolygonWithHoles } from '../geom/clipper.ts';
import { pointInRing } from '../core/polygon.ts';
import { octile } from './assign.ts';
import type { RouteGrid } from './grid.ts';
import type { Exit, Pin } from './pins.ts';
import type { Conn } from './router.ts';
import { rectRing, segmentMetal } from './shapes.ts';
import type { TieRoute } from './ties.ts';
import { mergeCollinear } from './ties.ts';
import type { RouteResult } from './types.ts';

export interface ConnGeom {
  readonly conn: Conn;
  srcStub: number;
  dstStub: number;
  readonly segItems: number[];
  readonly runs: [number, number][];
  readonly teardrops: Int32Array[];
}

export interface NetGeom {
  readonly net: number;
  readonly conns: ConnGeom[];
  /** The tie, its metal index items, and its teardrop onto a capture pad (when it leaves one). */
  tie: { route: TieRoute; items: number[]; teardrop?: Int32Array } | null;
}

export interface NetOutput {
  paths: [number, number][][];
  lengthDbu: number;
  tie?: [number, number][];
  polygons: Int32Array[];
}

const isOctilinear = (dx: number, dy: number) => dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy);

export function buildOutput(
  grid: RouteGrid,
  pins: readonly Pin[],
  exits: readonly Exit[],
  nets: readonly { name: string; order: readonly number[] }[],
  geoms: readonly NetGeom[],
  tieOct: Int32Array,
  pinNet: (p: number) => number,
): { nets: NetOutput[]; labels: { text: string; x: number; y: number }[]; orphanPolygons: Int32Array[] } {
  const outNets: NetOutput[] = [];
  // Every net's pieces go into one union (nets never touch, so its islands are the nets' islands):
  // one sweep over everything is much cheaper than a clipper call per net.
  const allRings: Int32Array[] = [];
  const netRings: Int32Array[][] = [];
  for (let i = 0; i < nets.length; i++) {
    const net = nets[i];
    const geom = geoms[i];
    const rings: Int32Array[] = net.order.map((p) => pins[p].metal);
    const paths: [number, number][][] = [];
    let length = 0;
    for (const cg of geom.conns) {
      const c = cg.conn;
      const se = exits[c.src];
      const de = exits[c.dst];
      rings.push(segmentMetal(se.ax, se.ay, grid.x(se.node), grid.y(se.node), grid.oct));
      rings.push(segmentMetal(de.ax, de.ay, grid.x(de.node), grid.y(de.node), grid.oct));
      for (const [a, b] of cg.runs) rings.push(segmentMetal(grid.x(a), grid.y(a), grid.x(b), grid.y(b), grid.oct));
      for (const t of cg.teardrops) rings.push(t);
      // Centreline: pin centre (when the link is octilinear), anchor, nodes, anchor, pin centre.
      const sp = pins[se.pin];
      const dp = pins[de.pin];
      const pts: number[] = [];
      let extra = 0;
      if (isOctilinear(se.ax - sp.cx, se.ay - sp.cy)) pts.push(sp.cx, sp.cy);
      else extra += octile(se.ax, se.ay, sp.cx, sp.cy);
      pts.push(se.ax, se.ay);
      for (const n of c.nodes) pts.push(grid.x(n), grid.y(n));
      pts.push(de.ax, de.ay);
      if (isOctilinear(de.ax - dp.cx, de.ay - dp.cy)) pts.push(dp.cx, dp.cy);
      else extra += octile(de.ax, de.ay, dp.cx, dp.cy);
      let merged = mergeCollinear(pts);
      // Report pad -> bump when the connection runs bump -> pad.
      if (sp.kind === 'bump' && dp.kind === 'pad') merged = reversePoints(merged);
      length += polylineLength(merged) + extra;
      paths.push(toUmPairs(merged));
    }
    let tie: [number, number][] | undefined;
    if (geom.tie) {
      const p = geom.tie.route.points;
      const k = p.length;
      for (let j = 2; j < k - 2; j += 2) rings.push(segmentMetal(p[j - 2], p[j - 1], p[j], p[j + 1], tieOct));
      // The last segment ends flush with the die edge (a rectangle, not an octagon end).
      if (k >= 4) {
        const ax = p[k - 4];
        const ay = p[k - 3];
        const bx = p[k - 2];
        const by = p[k - 1];
        const h = tieOct[0];
        if (ay === by) rings.push(rectRing(Math.min(ax, bx), ay - h, Math.max(ax, bx), ay + h));
        else rings.push(rectRing(ax - h, Math.min(ay, by), ax + h, Math.max(ay, by)));
        rings.push(segmentMetal(ax, ay, ax, ay, tieOct));
      }
      // The stub from a pad into the grid, when the tie starts at an exit.
      if (geom.tie.route.exit >= 0) {
        const e = exits[geom.tie.route.exit];
        rings.push(segmentMetal(e.ax, e.ay, grid.x(e.node), grid.y(e.node), tieOct));
      }
      if (geom.tie.teardrop) rings.push(geom.tie.teardrop);
      tie = toUmPairs(p);
    }
    netRings.push(rings);
    outNets.push({ paths, lengthDbu: length, ...(tie ? { tie } : {}), polygons: [] });
  }
  const labels: { text: string; x: number; y: number }[] = [];
  for (let p = 0; p < pins.length; p++) {
    const k = pinNet(p);
    if (k < 0) allRings.push(pins[p].metal);
    else if (pins[p].kind === 'bump') labels.push({ text: nets[k].name, x: pins[p].cx, y: pins[p].cy });
  }
  const islands: PolygonWithHoles[] = [];
  for (const r of netRings) islands.push(...union(r, [], { what: 'route net metal' }));
  if (allRings.length) islands.push(...union(allRings, [], { what: 'route metal' }));
  // Owner of each island: the net (or none) of the pins whose centres it holds.
  const owner = new Int32Array(islands.length).fill(-3);
  const cell = 4 * grid.g;
  const bucket = new Map<number, number[]>();
  const key = (i: number, j: number) => i * 1048576 + j;
  islands.forEach((isl, k) => {
    const o = isl.outer;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let t = 0; t < o.length; t += 2) {
      x0 = Math.min(x0, o[t]);
      x1 = Math.max(x1, o[t]);
      y0 = Math.min(y0, o[t + 1]);
      y1 = Math.max(y1, o[t + 1]);
    }
    for (let j = Math.floor(y0 / cell); j <= Math.floor(y1 / cell); j++) {
      for (let i = Math.floor(x0 / cell); i <= Math.floor(x1 / cell); i++) {
        let l = bucket.get(key(i, j));
        if (!l) bucket.set(key(i, j), (l = []));
        l.push(k);
      }
    }
  });
  for (let p = 0; p < pins.length; p++) {
    const { cx, cy } = pins[p];
    for (const k of bucket.get(key(Math.floor(cx / cell), Math.floor(cy / cell))) ?? []) {
      if (!pointInRing(islands[k].outer, cx, cy) || islands[k].holes.some((h) => pointInRing(h, cx, cy))) continue;
      const net = pinNet(p);
      if (owner[k] === -3) owner[k] = net;
      else if (owner[k] !== net) throw new Error(`route: pins of two nets share one island at (${cx}, ${cy}) dbu: a spacing bug`);
    }
  }
  const orphanIslands: PolygonWithHoles[] = [];
  const perNet: PolygonWithHoles[][] = nets.map(() => []);
  islands.forEach((isl, k) => {
    if (owner[k] >= 0) perNet[owner[k]].push(isl);
    else if (owner[k] === -3) throw new Error('route: an island of metal holds no pin: a geometry bug');
    else orphanIslands.push(isl);
  });
  perNet.forEach((list, i) => (outNets[i].polygons = toGdsRings(list)));
  const orphanPolygons = toGdsRings(orphanIslands);
  return { nets: outNets, labels, orphanPolygons };
}

function reversePoints(p: Int32Array): Int32Array {
  const out = new Int32Array(p.length);
  for (let i = 0, j = p.length - 2; i < p.length; i += 2, j -= 2) {
    out[i] = p[j];
    out[i + 1] = p[j + 1];
  }
  return out;
}

function polylineLength(p: Int32Array): number {
  let l = 0;
  for (let i = 2; i < p.length; i += 2) l += Math.hypot(p[i] - p[i - 2], p[i + 1] - p[i - 1]);
  return l;
}

function toUmPairs(p: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < p.length; i += 2) out.push([p[i] / 1000, p[i + 1] / 1000]);
  return out;
}

/**
 * Draws a routing result into `cell`: every net's merged metal (and the pads of unassigned pins) on
 * the result's layer, and a text label with the net name at each bump centre on TEXT.
 */
export function drawRouting(cell: Cell, result: RouteResult, tech: Technology): void {
  const metal = tech.layers[result.layer];
  const text = tech.layers.TEXT;
  for (const n of result.nets) for (const ring of n.polygons) cell.addPolygon(metal, ring);
  for (const ring of result.orphanPolygons) cell.addPolygon(metal, ring);
  for (const l of result.labels) cell.addLabel(text, l.text, l.x, l.y, { hjust: 1, vjust: 1 });
}
