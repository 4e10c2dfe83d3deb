/**
 * Router building blocks: the trace octagon and capture polygon, the convex Minkowski sum, the
 * assignment (optimal and cross-free), the capacity cut, and the search's turn rules.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { octilinearPen } from '../../src/geom/octilinear.ts';
import { assign, minCostAssignment, octile, uncross } from '../../src/route/assign.ts';
import { analyseCuts } from '../../src/route/capacity.ts';
import { BLOCKED, RouteGrid } from '../../src/route/grid.ts';
import { Search } from '../../src/route/search.ts';
import { circlePolygon, convexHull, minkowski, octagon, segmentMetal } from '../../src/route/shapes.ts';
import type { RouteBump, RoutePad } from '../../src/route/types.ts';

describe('trace octagon and capture polygon', () => {
  it('uses geom\'s octilinear pen, so a trace is exactly w across its axis flats and >= w on diagonals', () => {
    for (const w of [10_000, 15_000, 20_000, 4_000]) {
      const o = octagon(w);
      const pen = octilinearPen(w);
      expect(Array.from(o)).toEqual([pen.a, -pen.b, pen.a, pen.b, pen.b, pen.a, -pen.b, pen.a, -pen.a, pen.b, -pen.a, -pen.b, -pen.b, -pen.a, pen.b, -pen.a]);
      expect(2 * pen.a).toBe(w);
      expect(Math.SQRT2 * pen.k).toBeGreaterThanOrEqual(w);
      // A diagonal segment's metal: every edge at a multiple of 45 degrees.
      const m = segmentMetal(0, 0, 300_000, 300_000, o);
      for (let i = 0, j = m.length - 2; i < m.length; j = i, i += 2) {
        const dx = m[i] - m[j];
        const dy = m[i + 1] - m[j + 1];
        expect(dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy)).toBe(true);
      }
    }
  });

  it('draws capture pads with flats facing the 8 routing directions, all at >= d/2', () => {
    const d = 235_000;
    const c = circlePolygon(0, 0, d, 64);
    let minFlat = Infinity;
    for (let i = 0, j = c.length - 2; i < c.length; j = i, i += 2) {
      const ex = c[i] - c[j];
      const ey = c[i + 1] - c[j + 1];
      minFlat = Math.min(minFlat, (ex * -c[j + 1] - ey * -c[j]) / Math.hypot(ex, ey));
    }
    expect(minFlat).toBeGreaterThanOrEqual(d / 2);
    // Extent along x equals the flat (an edge, not a vertex, faces +x).
    let maxX = 0;
    for (let i = 0; i < c.length; i += 2) maxX = Math.max(maxX, c[i]);
    expect(maxX - d / 2).toBeLessThan(2);
  });

  it('computes convex Minkowski sums exactly (against the hull of all vertex sums)', () => {
    const pts = fc.array(fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -100_000, max: 100_000 })), { minLength: 3, maxLength: 20 });
    fc.assert(
      fc.property(pts, fc.integer({ min: 2, max: 40 }), (p, hw) => {
        const a = convexHull(p.flat());
        if (a.length < 6) return;
        const b = octagon(2 * hw * 500);
        const sums: number[] = [];
        for (let i = 0; i < a.length; i += 2) for (let j = 0; j < b.length; j += 2) sums.push(a[i] + b[j], a[i + 1] + b[j + 1]);
        const key = (r: Int32Array) => Array.from({ length: r.length / 2 }, (_, i) => `${r[2 * i]},${r[2 * i + 1]}`).sort().join(' ');
        expect(key(minkowski(a, b))).toBe(key(convexHull(sums)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('assignment', () => {
  it('finds the optimal assignment (brute force on small cases)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const n = rows.length;
        const m = 6;
        const r = minCostAssignment(n, m, (i, j) => rows[i][j]);
        expect(new Set(r).size).toBe(n);
        const got = r.reduce((acc, j, i) => acc + rows[i][j], 0);
        let best = Infinity;
        const perm = (i: number, used: Set<number>, acc: number) => {
          if (i === n) {
            best = Math.min(best, acc);
            return;
          }
          for (let j = 0; j < m; j++) if (!used.has(j)) perm(i + 1, new Set([...used, j]), acc + rows[i][j]);
        };
        perm(0, new Set(), 0);
        expect(got).toBe(best);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves no two pad-bump segments crossing, without lengthening the total', () => {
    const coord = fc.integer({ min: -1_000_000, max: 1_000_000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(coord, coord, coord, coord), { minLength: 2, maxLength: 25 }), (quads) => {
        const pads: RoutePad[] = quads.map(([x, y], i) => ({ name: `P${i}`, net: `N${i}`, x, y, w: 1, h: 1 }));
        const bumps: RouteBump[] = quads.map(([, , x, y], i) => ({ name: `B${i}`, x, y }));
        const pairs: [number, number][] = quads.map((_, i) => [i, (i * 7 + 3) % quads.length]);
        const len = () => pairs.reduce((a, [p, b]) => a + octile(pads[p].x, pads[p].y, bumps[b].x, bumps[b].y), 0);
        const before = len();
        uncross(pairs, pads, bumps);
        expect(len()).toBeLessThanOrEqual(before * (1 + 1e-12) + 1e-6);
        const o = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
        let crossings = 0;
        for (let i = 0; i < pairs.length; i++) {
          for (let k = i + 1; k < pairs.length; k++) {
            const [p1, b1] = [pads[pairs[i][0]], bumps[pairs[i][1]]];
            const [p2, b2] = [pads[pairs[k][0]], bumps[pairs[k][1]]];
            if (o(p1.x, p1.y, b1.x, b1.y, p2.x, p2.y) * o(p1.x, p1.y, b1.x, b1.y, b2.x, b2.y) < 0 && o(p2.x, p2.y, b2.x, b2.y, p1.x, p1.y) * o(p2.x, p2.y, b2.x, b2.y, b1.x, b1.y) < 0) crossings++;
          }
        }
        // Uncrossing terminates in a bounded number of passes; on random input it reaches zero.
        expect(crossings).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('auto keeps mapped balls, assigns the rest, and reports leftovers', () => {
    const pads: RoutePad[] = [0, 1, 2].map((i) => ({ name: `P${i}`, net: i === 0 ? 'VDD' : `S${i}`, x: i * 100_000, y: 0, w: 1, h: 1 }));
    const bumps: RouteBump[] = [0, 1, 2, 3].map((i) => ({ name: `B${i}`, x: i * 100_000, y: 500_000, ...(i === 3 ? { net: 'VDD' } : {}) }));
    const a = assign(pads, bumps, 'auto');
    expect(a.bumpNet[3]).toBe('VDD');
    expect(a.bumpNet.filter((n) => n === 'S1' || n === 'S2')).toHaveLength(2);
    expect(a.unassignedBumps).toHaveLength(1);
    expect(a.unassignedPads).toEqual([]);
  });
});

describe('capacity cut', () => {
  it('counts the free nodes of a ring and the nets that must cross it', () => {
    const g = 30_000;
    const grid = new RouteGrid(1_200_000, 1_200_000, 0, 16_000, 14_000, g);
    const c = Math.round(-grid.x0 / g);
    const node = (i: number, j: number) => grid.node(c + i, c + j);
    // Wall off the ring at radius 3 except two nodes.
    for (let k = -3; k <= 3; k++) for (const [i, j] of [[k, -3], [k, 3], [-3, k], [3, k]]) grid.status[node(i, j)] = BLOCKED;
    grid.status[node(0, 3)] = 0;
    grid.status[node(3, 0)] = 0;
    // Three nets from the centre outward, one staying outside.
    const inner = [[node(0, 0)], [node(1, 1)]];
    const outer = [[node(10, 10)], [node(-10, 10)]];
    const a = analyseCuts(grid, [[inner[0], outer[0]], [inner[1], outer[1]], [[node(-1, 0)], [node(9, 9)]], [outer[0], outer[1]]]);
    const ring3 = a.cuts.find((k) => k.k === 3)!;
    expect(ring3.capacity).toBe(2);
    expect(ring3.demand).toBe(3);
    expect(ring3.nets.sort()).toEqual([0, 1, 2]);
  });
});

describe('search', () => {
  it('never turns by more than 90 degrees and pays for turns', () => {
    const grid = new RouteGrid(600_000, 600_000, 0, 16_000, 14_000, 30_000);
    const s = new Search(grid);
    const sid = s.begin();
    const n = grid.n;
    const costs = { occN: new Uint16Array(n), occC: new Uint16Array(n), hist: new Float32Array(n), presFac: 0, hard: false, allowTieOnly: true, net: 0 };
    // Start heading east; the target is due west: the path must swing round (no 180/135 turns).
    const a = grid.node(10, 10);
    const b = grid.node(5, 10);
    const r = s.run(sid, [{ node: a, dir: 0, mask: 0b10000011 | 0b100, cost: 0, tag: 1 }], [{ node: b, mask: 0xff, cost: 0, tag: 2 }], costs, 1e6)!;
    expect(r).not.toBeNull();
    const dirs: number[] = [0];
    for (let k = 1; k < r.nodes.length; k++) {
      const dx = grid.ci[r.nodes[k]] - grid.ci[r.nodes[k - 1]];
      const dy = grid.cj[r.nodes[k]] - grid.cj[r.nodes[k - 1]];
      dirs.push(Math.round((Math.atan2(dy, dx) / Math.PI) * 4 + 8) % 8);
    }
    for (let k = 1; k < dirs.length; k++) {
      const t = (dirs[k] - dirs[k - 1] + 8) % 8;
      expect([0, 1, 2, 6, 7]).toContain(t);
    }
  });
});
