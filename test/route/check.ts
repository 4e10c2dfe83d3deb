/**
 * Independent checks of a routing result, measured on the OUTPUT polygons (not on router internals):
 * spacing between nets (exact segment distances), trace width around every reported centreline,
 * connectivity (one island per net holding exactly its pins), octilinear centrelines without acute
 * turns, and metal inside the die minus the keep-out band (ties excepted).
 */
import { offset, union, type PolygonWithHoles } from '../../src/geom/clipper.ts';
import { pointInRing } from '../../src/core/polygon.ts';
import { segmentSegmentDist2 } from '../../src/geom/predicates.ts';
import type { RouteBump, RoutePad, RouteResult } from '../../src/route/types.ts';

export interface CheckReport {
  spacingViolations: { netA: string; netB: string; distance: number }[];
  widthViolations: { net: string; at: [number, number] }[];
  connectivity: string[];
  octilinear: string[];
  keepOut: string[];
  minSpacing: number;
}

interface Edge {
  net: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/** Smallest distance between metal of different nets (dbu) and every pair closer than `space`. */
export function spacingCheck(result: RouteResult, space: number): { violations: CheckReport['spacingViolations']; min: number } {
  const edges: Edge[] = [];
  const rings: { net: number; ring: Int32Array }[] = [];
  result.nets.forEach((n, k) => {
    for (const ring of n.polygons) rings.push({ net: k, ring });
  });
  result.orphanPolygons.forEach((ring, k) => rings.push({ net: -1 - k, ring }));
  for (const { net, ring } of rings) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) edges.push({ net, ax: ring[j], ay: ring[j + 1], bx: ring[i], by: ring[i + 1] });
  }
  const cell = Math.max(space * 4, 20_000);
  const grid = new Map<string, number[]>();
  edges.forEach((e, k) => {
    const x0 = Math.floor((Math.min(e.ax, e.bx) - space) / cell);
    const x1 = Math.floor((Math.max(e.ax, e.bx) + space) / cell);
    const y0 = Math.floor((Math.min(e.ay, e.by) - space) / cell);
    const y1 = Math.floor((Math.max(e.ay, e.by) + space) / cell);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const key = `${x},${y}`;
        let l = grid.get(key);
        if (!l) grid.set(key, (l = []));
        l.push(k);
      }
    }
  });
  let min = Infinity;
  const violations: CheckReport['spacingViolations'] = [];
  const seen = new Set<string>();
  const name = (k: number) => (k >= 0 ? result.nets[k].net : `(unassigned pin ${-1 - k})`);
  for (const list of grid.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const e = edges[list[a]];
        const f = edges[list[b]];
        if (e.net === f.net) continue;
        const d2 = segmentSegmentDist2(e.ax, e.ay, e.bx, e.by, f.ax, f.ay, f.bx, f.by);
        const d = Math.sqrt(d2);
        if (d < min) min = d;
        // Squared distances between integer octilinear shapes are multiples of 1/2: 0.25 absorbs
        // float rounding (a 14999.999999999998 for an exact 15000) without hiding a real violation.
        if (d2 < space * space - 0.25) {
          const key = `${Math.min(e.net, f.net)},${Math.max(e.net, f.net)}`;
          if (!seen.has(key)) {
            seen.add(key);
            violations.push({ netA: name(e.net), netB: name(f.net), distance: d });
          }
        }
      }
    }
  }
  return { violations, min };
}

/**
 * Width: shrinking every net's metal by width/2 - 1 dbu must keep every point of every reported
 * centreline inside (so a square of side width - 2 centred on the centreline fits in the metal
 * everywhere along it). Samples each segment every `step` dbu.
 */
export function widthCheck(result: RouteResult, width: number, tieWidth = width): CheckReport['widthViolations'] {
  const out: CheckReport['widthViolations'] = [];
  for (const n of result.nets) {
    if (!n.routed) continue;
    const lines: [[number, number][], number][] = n.paths.map((p) => [p, width]);
    if (n.tie) lines.push([n.tie, tieWidth]);
    for (const [line, w] of lines) {
      const shrunk = offset(n.polygons, -(w / 2 - 1), { join: 'square' });
      const inside = (x: number, y: number) => shrunk.some((p) => pointInRing(p.outer, x, y) && !p.holes.some((h) => pointInRing(h, x, y)));
      for (let i = 1; i < line.length; i++) {
        const [ax, ay] = line[i - 1].map((v) => Math.round(v * 1000));
        const [bx, by] = line[i].map((v) => Math.round(v * 1000));
        const len = Math.hypot(bx - ax, by - ay);
        const k = Math.max(1, Math.ceil(len / (w / 2)));
        for (let t = 0; t <= k; t++) {
          const x = ax + ((bx - ax) * t) / k;
          const y = ay + ((by - ay) * t) / k;
          // Pin centres and the ends of a tie on the die edge need not be inside the shrunk metal.
          if ((i === 1 && t === 0) || (i === line.length - 1 && t === k)) continue;
          if (!inside(x, y)) {
            out.push({ net: n.net, at: [x / 1000, y / 1000] });
            break;
          }
        }
      }
    }
  }
  return out;
}

/** Union of all metal -> islands; each must hold the pad and bump centres of exactly one net, each net's in one island. */
export function connectivityCheck(result: RouteResult, pads: readonly RoutePad[], bumps: readonly RouteBump[]): string[] {
  const problems: string[] = [];
  const all: Int32Array[] = [];
  for (const n of result.nets) all.push(...n.polygons);
  all.push(...result.orphanPolygons);
  const islands: PolygonWithHoles[] = union(all);
  const inIsland = (p: PolygonWithHoles, x: number, y: number) => pointInRing(p.outer, x, y) && !p.holes.some((h) => pointInRing(h, x, y));
  const islandOf = (x: number, y: number) => islands.findIndex((p) => inIsland(p, x, y));
  const owner = new Map<number, string>();
  for (const n of result.nets) {
    if (!n.routed) continue;
    const where = new Set<number>();
    for (const name of n.pads) {
      const p = pads.find((q) => q.name === name)!;
      where.add(islandOf(p.x, p.y));
    }
    for (const name of n.bumps) {
      const b = bumps.find((q) => q.name === name)!;
      where.add(islandOf(b.x, b.y));
    }
    if (where.size !== 1 || where.has(-1)) problems.push(`net ${n.net}: its pins lie in ${where.size} islands`);
    for (const k of where) {
      if (owner.has(k) && owner.get(k) !== n.net) problems.push(`island ${k} holds pins of ${owner.get(k)} and ${n.net}`);
      owner.set(k, n.net);
    }
  }
  // Every pin of another net, and every unrouted net's pin, must not sit in a routed net's island.
  const routedPins = new Set<string>();
  for (const n of result.nets) if (n.routed) for (const p of [...n.pads, ...n.bumps]) routedPins.add(p);
  for (const p of [...pads, ...bumps]) {
    if (routedPins.has(p.name)) continue;
    const k = islandOf(p.x, p.y);
    if (owner.has(k)) problems.push(`pin ${p.name} (not of net ${owner.get(k)}) lies in that net's island`);
  }
  // Islands of routed nets: one per net.
  const perNet = new Map<string, number>();
  for (const [k, net] of owner) {
    void k;
    perNet.set(net, (perNet.get(net) ?? 0) + 1);
  }
  for (const [net, c] of perNet) if (c !== 1) problems.push(`net ${net}: ${c} islands`);
  for (const n of result.nets) if (n.routed && n.polygons.length !== 1) problems.push(`net ${n.net}: ${n.polygons.length} polygons after merging (expected 1)`);
  return problems;
}

/** Every centreline segment at a multiple of 45 degrees and every turn <= 90 degrees. */
export function octilinearCheck(result: RouteResult): string[] {
  const problems: string[] = [];
  for (const n of result.nets) {
    const lines = [...n.paths, ...(n.tie ? [n.tie] : [])];
    for (const line of lines) {
      let prev: [number, number] | null = null;
      for (let i = 1; i < line.length; i++) {
        const dx = Math.round((line[i][0] - line[i - 1][0]) * 1000);
        const dy = Math.round((line[i][1] - line[i - 1][1]) * 1000);
        if (!(dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy))) problems.push(`net ${n.net}: segment ${i} (${dx}, ${dy}) dbu is not octilinear`);
        if (prev) {
          const dot = prev[0] * dx + prev[1] * dy;
          if (dot < 0) problems.push(`net ${n.net}: turn at vertex ${i} is sharper than 90 degrees`);
        }
        prev = [dx, dy];
      }
    }
  }
  return problems;
}

/** Every polygon vertex inside the die minus the keep-out band, except ties (which reach the die edge). */
export function keepOutCheck(result: RouteResult, dieW: number, dieH: number, keepOut: number): string[] {
  const problems: string[] = [];
  for (const n of result.nets) {
    for (const ring of n.polygons) {
      for (let i = 0; i < ring.length; i += 2) {
        const x = ring[i];
        const y = ring[i + 1];
        const outside = Math.abs(x) > dieW / 2 || Math.abs(y) > dieH / 2;
        const inBand = Math.abs(x) > dieW / 2 - keepOut || Math.abs(y) > dieH / 2 - keepOut;
        if (outside || (inBand && !n.tie)) {
          problems.push(`net ${n.net}: vertex (${x / 1000}, ${y / 1000}) um ${outside ? 'outside the die' : 'in the keep-out band'}`);
          break;
        }
      }
    }
  }
  return problems;
}

/**
 * Self-approach: no net's centreline comes back within g / sqrt 2 of itself (a grid node of one
 * connection sitting at the corner of another of its own diagonal steps would leave a notch narrower
 * than the space inside the net). Samples every polyline at the grid pitch g (um) from its ends.
 */
export function selfApproachCheck(result: RouteResult): string[] {
  const g = Math.round(result.grid.pitchUm * 1000);
  const problems: string[] = [];
  for (const n of result.nets) {
    const lines = [...n.paths, ...(n.tie ? [n.tie] : [])];
    const nodes = new Set<string>();
    const corners: [string, string][] = [];
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const [ax, ay] = line[i - 1].map((v) => Math.round(v * 1000));
        const [bx, by] = line[i].map((v) => Math.round(v * 1000));
        const sx = Math.sign(bx - ax) * g;
        const sy = Math.sign(by - ay) * g;
        const steps = Math.floor(Math.max(Math.abs(bx - ax), Math.abs(by - ay)) / g);
        for (let k = 0; k <= steps; k++) {
          const x = ax + k * sx;
          const y = ay + k * sy;
          nodes.add(`${x},${y}`);
          if (sx !== 0 && sy !== 0 && k < steps) corners.push([`${x + sx},${y}`, `${x},${y + sy}`]);
        }
      }
    }
    for (const [c1, c2] of corners) {
      if (nodes.has(c1) || nodes.has(c2)) {
        problems.push(`net ${n.net}: its centreline passes a corner of its own diagonal at ${nodes.has(c1) ? c1 : c2}`);
        break;
      }
    }
  }
  return problems;
}
