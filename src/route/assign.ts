/**
 * Pad-to-bump assignment.
 *
 * 'auto': a minimum-cost assignment (Hungarian method) of pads to free bump sites by octilinear
 * distance, then uncrossed. Least total length and planarity go together: if two pad-bump segments
 * crossed, swapping their partners would not be longer (triangle inequality through the crossing
 * point), so the result has no crossing segments, and every route is as short as the pairs allow.
 * (Matching in angular order about the die centre, the obvious planar alternative, projects the
 * outer ring radially onto the pad row: near the die corners pads land up to ~10 % of the side away
 * from their bumps, which the narrow band between pad ring and first bump row cannot absorb.)
 * Bumps that carry a net (a partial bump map) keep it; pads of those nets are not auto-assigned.
 *
 * 'fixed': only the bumps' nets count.
 */
import type { RouteBump, RoutePad } from './types.ts';

export interface Assignment {
  /** Net of each bump ('' = unused). */
  readonly bumpNet: string[];
  /** Pad indices left without a ball, bump indices left without a pad. */
  readonly unassignedPads: number[];
  readonly unassignedBumps: number[];
}

/** Octilinear distance between two points (dbu). */
export function octile(ax: number, ay: number, bx: number, by: number): number {
  const dx = Math.abs(ax - bx);
  const dy = Math.abs(ay - by);
  return Math.max(dx, dy) + (Math.SQRT2 - 1) * Math.min(dx, dy);
}

export function assign(pads: readonly RoutePad[], bumps: readonly RouteBump[], mode: 'auto' | 'fixed'): Assignment {
  const bumpNet = bumps.map((b) => b.net ?? '');
  const mappedNets = new Set(bumpNet.filter((n) => n !== ''));
  const padNets = new Set(pads.map((p) => p.net));
  const unassignedPads: number[] = [];
  const unassignedBumps: number[] = [];
  if (mode === 'fixed') {
    pads.forEach((p, i) => {
      if (!mappedNets.has(p.net)) unassignedPads.push(i);
    });
    bumps.forEach((b, i) => {
      if (bumpNet[i] === '' || !padNets.has(bumpNet[i])) unassignedBumps.push(i);
    });
    return { bumpNet, unassignedPads, unassignedBumps };
  }
  const freePads: number[] = [];
  pads.forEach((p, i) => {
    if (!mappedNets.has(p.net)) freePads.push(i);
  });
  const freeBumps: number[] = [];
  bumps.forEach((b, i) => {
    if (bumpNet[i] === '') freeBumps.push(i);
    else if (!padNets.has(bumpNet[i])) unassignedBumps.push(i);
  });
  const padsShorter = freePads.length <= freeBumps.length;
  const A = padsShorter ? freePads : freeBumps;
  const B = padsShorter ? freeBumps : freePads;
  const cost = (i: number, j: number): number => {
    const p = pads[padsShorter ? A[i] : B[j]];
    const b = bumps[padsShorter ? B[j] : A[i]];
    return octile(p.x, p.y, b.x, b.y);
  };
  const match = minCostAssignment(A.length, B.length, cost);
  // Pairs as (pad, bump) and uncrossed: the least total length never needs crossing segments.
  const pairs: [number, number][] = match.map((j, i) => (padsShorter ? [A[i], B[j]] : [B[j], A[i]]));
  uncross(pairs, pads, bumps);
  const usedPads = new Set<number>();
  const usedBumps = new Set<number>();
  for (const [p, b] of pairs) {
    bumpNet[b] = pads[p].net;
    usedPads.add(p);
    usedBumps.add(b);
  }
  for (const p of freePads) if (!usedPads.has(p)) unassignedPads.push(p);
  for (const b of freeBumps) if (!usedBumps.has(b)) unassignedBumps.push(b);
  unassignedPads.sort((a, b) => a - b);
  unassignedBumps.sort((a, b) => a - b);
  return { bumpNet, unassignedPads, unassignedBumps };
}

/**
 * Swaps partners of pairs whose straight pad-bump segments cross until none do. In any norm the
 * swap does not lengthen the total (the crossing point splits both segments: triangle inequality),
 * so the matching stays minimal. Bounded passes; O(n^2) each.
 */
export function uncross(pairs: [number, number][], pads: readonly RoutePad[], bumps: readonly RouteBump[]): void {
  const n = pairs.length;
  for (let pass = 0; pass < 50; pass++) {
    let swapped = false;
    for (let i = 0; i < n; i++) {
      for (let k = i + 1; k < n; k++) {
        const p1 = pads[pairs[i][0]];
        const b1 = bumps[pairs[i][1]];
        const p2 = pads[pairs[k][0]];
        const b2 = bumps[pairs[k][1]];
        if (!properlyCross(p1.x, p1.y, b1.x, b1.y, p2.x, p2.y, b2.x, b2.y)) continue;
        // No cost test: through the crossing point the swap is never longer (in the octilinear norm
        // often exactly as long, which float rounding must not turn into a refusal).
        const t = pairs[i][1];
        pairs[i][1] = pairs[k][1];
        pairs[k][1] = t;
        swapped = true;
      }
    }
    if (!swapped) return;
  }
}

function orientSign(px: number, py: number, qx: number, qy: number, rx: number, ry: number): number {
  return Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
}

function properlyCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  return orientSign(ax, ay, bx, by, cx, cy) * orientSign(ax, ay, bx, by, dx, dy) < 0 && orientSign(cx, cy, dx, dy, ax, ay) * orientSign(cx, cy, dx, dy, bx, by) < 0;
}

/**
 * Minimum-cost assignment of n rows to m >= n columns (Hungarian method with shortest augmenting
 * paths, O(n^2 m)): returns each row's column. `cost(i, j)` is called O(n m) times per augmentation
 * in the worst case, so the matrix is tabulated first (n m Float64s).
 */
export function minCostAssignment(n: number, m: number, cost: (i: number, j: number) => number): number[] {
  if (n === 0) return [];
  if (n > m) throw new Error(`minCostAssignment: ${n} rows > ${m} columns`);
  const a = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) a[i * m + j] = cost(i, j);
  // 1-based arrays as in the classic formulation; p[j] = row matched to column j (0 = none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      const row = (i0 - 1) * m;
      const ui0 = u[i0];
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a[row + j - 1] - ui0 - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const res = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]) res[p[j] - 1] = j - 1;
  return res;
}
