/**
 * Pins (die-pad landing pads and bump capture pads) and their exits: the grid nodes where a route may
 * start or end, each with a straight octilinear stub from the node into the pad.
 *
 * An exit node E is the first node outside the pin's own halo (nodes whose trace would come within
 * `space` of the pin metal) along a grid line through the pin; the stub runs from E back along that
 * line to an anchor inside the pad. Every node between the pad and E lies in the halo, so no other
 * net can come near the stub; a diagonal stub additionally claims the corner nodes beside it (the
 * nodes g / sqrt(2) from its line). Landing-pad stubs meet the pad edge at 90 degrees. Capture-pad
 * stubs run along the grid line nearest the pad centre (offset <= g / (2 sqrt 2) .. g / 2) and end
 * in a teardrop, which keeps the junction free of acute angles (a straight trace meets a circle at
 * less than 90 degrees).
 */
import { BLOCKED, DX, DY, RouteGrid } from './grid.ts';
import { convexHull, minkowski, segmentConvexDist2 } from './shapes.ts';

export interface Pin {
  readonly kind: 'pad' | 'bump';
  /** Index into the problem's pads or bumps. */
  readonly index: number;
  readonly name: string;
  readonly cx: number;
  readonly cy: number;
  /** Pad metal (landing rectangle or capture polygon), dbu. */
  readonly metal: Int32Array;
  /** Capture pad inradius (centre to nearest flat; bumps), dbu. */
  readonly radius: number;
  /** Obstacle id in the grid. */
  obstacle: number;
  readonly exits: number[];
}

export interface Exit {
  readonly pin: number;
  readonly node: number;
  /** Direction of travel from the stub onto the grid (0..7). */
  readonly dir: number;
  /** Inner end of the stub, dbu (inside the pad metal, on the exit's grid line). */
  readonly ax: number;
  readonly ay: number;
  /** Nodes claimed beside a diagonal stub (corner-type claims: other nets' paths may not use them). */
  readonly claims: Int32Array;
  /** Directions (bits, absolute) the route may take from E: straight, +-45, +-90 minus any that would
   * crowd the teardrop. Arriving at E in direction d is allowed when bit (d + 4) & 7 is set. */
  readonly mask: number;
  /** Signed offset of the stub line from the pin centre (left of dir positive), dbu (bumps). */
  readonly offset: number;
  /** The smallest teardrop, proven to fit against any metal other nets could place (bumps; null if none fits). */
  readonly teardrop: Int32Array | null;
}

/** Teardrop candidates as [chord half-width as a fraction of the capture diameter, tip setback as a fraction of the trace width]: largest first. */
const TEARDROP_SIZES: readonly [number, number][] = [
  [0.45, 1], [0.4, 1], [0.35, 1], [0.3, 1], [0.25, 1], [0.45, 0.5], [0.35, 0.5], [0.25, 0.5], [0.18, 0.5], [0.12, 0.5],
];

/** Allowed moves from E: straight, +-45, +-90 (never back towards the pad). */
export function turnMask(dir: number): number {
  let m = 0;
  for (const t of [0, 1, -1, 2, -2]) m |= 1 << ((dir + t + 8) & 7);
  return m;
}

/** Rect landing-pad exits: on each side, every grid line that lands the whole trace width on the pad. */
export function padExits(grid: RouteGrid, pinId: number, pin: Pin, pw: number, ph: number, out: Exit[]): void {
  const g = grid.g;
  const a = grid.w / 2;
  const own = grid.obstacles[pin.obstacle];
  for (const dir of [0, 2, 4, 6]) {
    const horizontal = dir === 0 || dir === 4; // stub along x
    const half = horizontal ? ph / 2 : pw / 2;
    const c = horizontal ? pin.cy : pin.cx;
    // Grid lines across the side whose trace lands entirely on the pad.
    const k0 = Math.ceil((c - half + a - (horizontal ? grid.y0 : grid.x0)) / g);
    const k1 = Math.floor((c + half - a - (horizontal ? grid.y0 : grid.x0)) / g);
    for (let k = k0; k <= k1; k++) {
      // Walk outward from the pad centre along the line.
      const line = (horizontal ? grid.y0 : grid.x0) + k * g;
      let t = horizontal ? grid.colOf(pin.cx) : grid.rowOf(pin.cy);
      let found = -1;
      for (let guard = 0; guard < 100000; guard++, t += horizontal ? DX[dir] : DY[dir]) {
        const n = horizontal ? grid.node(t, k) : grid.node(k, t);
        if (n < 0) break;
        const x = grid.x(n);
        const y = grid.y(n);
        // Only nodes on the far side of the centre in the exit direction.
        if ((x - pin.cx) * DX[dir] + (y - pin.cy) * DY[dir] <= 0) continue;
        if (grid.pointClear(x, y, own)) {
          found = n;
          break;
        }
      }
      if (found < 0 || grid.status[found] === BLOCKED) continue;
      const ax = horizontal ? pin.cx : line;
      const ay = horizontal ? line : pin.cy;
      if (!grid.segmentClearOfAll(ax, ay, grid.x(found), grid.y(found), pinId)) continue;
      out.push({ pin: pinId, node: found, dir, ax, ay, claims: new Int32Array(0), mask: turnMask(dir), offset: 0, teardrop: null });
      pin.exits.push(out.length - 1);
    }
  }
}

/**
 * Capture-pad exits: for each of the 8 directions, the grid line(s) of that direction nearest the pad
 * centre (within half the line spacing), from the first node outside the halo. Each gets the smallest
 * teardrop that provably fits, and loses the turns at E that would crowd it.
 */
export function bumpExits(grid: RouteGrid, pinId: number, pin: Pin, out: Exit[]): void {
  const g = grid.g;
  const own = grid.obstacles[pin.obstacle];
  const ci = (pin.cx - grid.x0) / g;
  const cj = (pin.cy - grid.y0) / g;
  const candidates: Exit[] = [];
  for (let dir = 0; dir < 8; dir++) {
    const ux = DX[dir];
    const uy = DY[dir];
    // Lines of direction u: integer points with p . (i, j) = k, p = (-uy, ux).
    const px = -uy;
    const py = ux;
    const kc = px * ci + py * cj;
    for (const k of new Set([Math.floor(kc), Math.ceil(kc)])) {
      if (Math.abs(k - kc) > 0.5 + 1e-9) continue;
      // A base solution (i0, j0) of px i + py j = k, then the point of the line nearest the centre.
      let i0: number;
      let j0: number;
      if (py !== 0) {
        i0 = 0;
        j0 = k * py;
      } else {
        i0 = k * px;
        j0 = 0;
      }
      const uu = ux * ux + uy * uy;
      let t = Math.round(((ci - i0) * ux + (cj - j0) * uy) / uu);
      let found = -1;
      const startT = t;
      for (let guard = 0; guard < 100000; guard++, t++) {
        const n = grid.node(i0 + t * ux, j0 + t * uy);
        if (n < 0) break;
        if (grid.pointClear(grid.x(n), grid.y(n), own)) {
          found = n;
          break;
        }
      }
      if (found < 0 || grid.status[found] === BLOCKED || t === startT) continue;
      const ex = grid.x(found);
      const ey = grid.y(found);
      // Anchor: the foot of the centre on the line, rounded onto the line's integer points.
      let ax: number;
      let ay: number;
      if (uy === 0) {
        ax = pin.cx;
        ay = ey;
      } else if (ux === 0) {
        ax = ex;
        ay = pin.cy;
      } else {
        const tt = Math.round(((pin.cx - ex) * ux + (pin.cy - ey) * uy) / 2);
        ax = ex + tt * ux;
        ay = ey + tt * uy;
      }
      if (!grid.segmentClearOfAll(ax, ay, ex, ey, pinId)) continue;
      // Diagonal stubs: the corner nodes beside the stub's steps (outside the halo) are claimed.
      const claims: number[] = [];
      if (ux !== 0 && uy !== 0) {
        for (let tt = startT; tt < t; tt++) {
          const bi = i0 + tt * ux;
          const bj = j0 + tt * uy;
          for (const c of [grid.node(bi + ux, bj), grid.node(bi, bj + uy)]) {
            if (c >= 0 && grid.status[c] !== BLOCKED && !claims.includes(c)) claims.push(c);
          }
        }
      }
      const offset = (ex - pin.cx) * -uy + (ey - pin.cy) * ux; // times |u|: sign is what matters, magnitude rescaled below
      const off = ux !== 0 && uy !== 0 ? offset / Math.SQRT2 : offset;
      const base: Exit = { pin: pinId, node: found, dir, ax, ay, claims: Int32Array.from(claims), mask: turnMask(dir), offset: off, teardrop: null };
      candidates.push(fitGuaranteedTeardrop(grid, pin, base));
    }
  }
  // Exits whose junction cannot get even the smallest fillet would leave an acute notch: dropped,
  // unless the bump has no other way out (then the router warns where no teardrop fits).
  const withTd = candidates.filter((e) => e.teardrop);
  for (const e of withTd.length ? withTd : candidates) {
    out.push(e);
    pin.exits.push(out.length - 1);
  }
}

/**
 * The teardrop (fillet) between the stub of `exit` and its capture pad, of the given size: the convex
 * hull of the trace cross-section at `setback` beyond the pad edge and the pad vertices within
 * `halfWidth` of the trace axis on the exit side. Vertices on the trace's edge lines, so the fillet
 * meets the trace without a sliver. dbu.
 */
export function teardropPolygon(grid: RouteGrid, pin: Pin, exit: Exit, halfWidth: number, setback: number): Int32Array | null {
  const ux = DX[exit.dir];
  const uy = DY[exit.dir];
  const diag = ux !== 0 && uy !== 0;
  const ex = grid.x(exit.node);
  const ey = grid.y(exit.node);
  const a = grid.w / 2;
  const oct = grid.oct;
  // Tip: the points of the stub metal's two long edges at axial distance r + setback from the centre.
  const r = pin.radius;
  // The tip stays on the stub (at or before E), where the trace is known to run straight.
  const eAxial = ((ex - pin.cx) * ux + (ey - pin.cy) * uy) / Math.sqrt(ux * ux + uy * uy);
  const tipAxial = Math.min(r + setback, eAxial);
  const pts: number[] = [];
  // Edge lines of the stub metal: E + e1 + t u and E + e2 + t u (integer t for diagonal lines).
  let e1x: number, e1y: number, e2x: number, e2y: number;
  if (!diag) {
    // Perpendicular (-uy, ux) times a.
    e1x = -uy * a;
    e1y = ux * a;
    e2x = uy * a;
    e2y = -ux * a;
  } else {
    // The flat of the octagon facing +-p: for u = (1, 1) the lines through (b, -a)... and (-a, b)... etc.
    // Left of u (p = (-uy, ux)): the octagon vertex maximising p . v; right: minimising.
    let best1 = -Infinity;
    let best2 = Infinity;
    e1x = e1y = e2x = e2y = 0;
    for (let i = 0; i < 16; i += 2) {
      const v = -uy * oct[i] + ux * oct[i + 1];
      const along = ux * oct[i] + uy * oct[i + 1];
      // Among vertices on the extreme flat, take the one nearest the centre line's foot (any works: same line).
      if (v > best1 || (v === best1 && along < 0)) {
        best1 = v;
        e1x = oct[i];
        e1y = oct[i + 1];
      }
      if (v < best2 || (v === best2 && along < 0)) {
        best2 = v;
        e2x = oct[i];
        e2y = oct[i + 1];
      }
    }
  }
  const uu = diag ? 2 : 1;
  for (const [ox, oy] of [[e1x, e1y], [e2x, e2y]] as const) {
    // Axial coordinate (along u, unnormalised) of E + o relative to the centre; move by integer t along u.
    const axial = ((ex + ox - pin.cx) * ux + (ey + oy - pin.cy) * uy) / Math.sqrt(uu);
    const t = Math.round((tipAxial - axial) / Math.sqrt(uu));
    pts.push(ex + ox + t * ux, ey + oy + t * uy);
  }
  // Pad vertices on the exit side within halfWidth of the trace axis.
  const off = exit.offset;
  const m = pin.metal;
  let left = 0;
  let right = 0;
  const inv = 1 / Math.sqrt(uu);
  for (let i = 0; i < m.length; i += 2) {
    const dx = m[i] - pin.cx;
    const dy = m[i + 1] - pin.cy;
    const axial = (dx * ux + dy * uy) * inv;
    const lat = (-dx * uy + dy * ux) * inv;
    if (axial < 0 || Math.abs(lat - off) > halfWidth) continue;
    pts.push(m[i], m[i + 1]);
    if (lat > off + a) left++;
    if (lat < off - a) right++;
  }
  // The fillet must reach past both edges of the trace, or it leaves an acute notch on one side;
  // and past the pad's apex (the point furthest along the exit direction): where a trace edge meets
  // the pad short of the apex, the pad's outline still rises beside it, an opening under 90 degrees
  // that a space check flags unless the fillet carries on beyond the apex.
  if (left === 0 || right === 0 || halfWidth < Math.abs(off) + padEdge(pin)) return null;
  return convexHull(pts);
}

/** Teardrop candidates for an exit, largest first (sizes that cannot fill both notches skipped). */
export function teardropCandidates(grid: RouteGrid, pin: Pin, exit: Exit): Int32Array[] {
  const d = 2 * pin.radius;
  const out: Int32Array[] = [];
  for (const [hw, sb] of TEARDROP_SIZES) {
    const t = teardropPolygon(grid, pin, exit, hw * d, sb * grid.w);
    if (t) out.push(t);
  }
  const minimal = minimalTeardrop(grid, pin, exit);
  if (minimal) out.push(minimal);
  return out;
}

/** The smallest useful fillet: just past both trace edges and the pad's apex, a quarter trace width beyond the pad. */
export function minimalTeardrop(grid: RouteGrid, pin: Pin, exit: Exit): Int32Array | null {
  return teardropPolygon(grid, pin, exit, Math.max(grid.w / 2, Math.abs(exit.offset)) + 1.05 * padEdge(pin), grid.w / 4);
}

/** Longest edge of the pin's metal (the lateral spacing of its vertices), cached per polygon. */
const edgeCache = new WeakMap<Int32Array, number>();
function padEdge(pin: Pin): number {
  let e = edgeCache.get(pin.metal);
  if (e === undefined) {
    e = 0;
    const m = pin.metal;
    for (let i = 0, j = m.length - 2; i < m.length; j = i, i += 2) e = Math.max(e, Math.hypot(m[i] - m[j], m[i + 1] - m[j + 1]));
    edgeCache.set(pin.metal, e);
  }
  return e;
}

/**
 * Chooses, for one capture exit, the largest teardrop candidate that keeps `space` from every trace
 * other nets could draw near it (any move between free nodes not claimed by the exit), and the turns
 * at E that keep `space` from it. Returns the exit with `teardrop`, `mask` (and extra claims: none).
 */
function fitGuaranteedTeardrop(grid: RouteGrid, pin: Pin, exit: Exit): Exit {
  // Only the smallest fillet is guaranteed here (it keeps the most turns at E open); after routing
  // the largest one the drawn metal leaves room for replaces it.
  const td = minimalTeardrop(grid, pin, exit);
  if (!td) return exit;
  const s2 = grid.s * grid.s - 0.25;
  const g = grid.g;
  const claimed = new Set<number>(exit.claims);
  claimed.add(exit.node);
  const ex = grid.x(exit.node);
  const ey = grid.y(exit.node);
  const grown = minkowski(td, grid.oct);
  if (!othersClear(grid, grown, claimed, exit.node, s2)) return exit;
  // Turns at E (not straight): the own segment E -> E + v g must keep space from the fillet.
  let mask = 1 << exit.dir;
  for (const t of [1, -1, 2, -2]) {
    const v = (exit.dir + t + 8) & 7;
    if (segmentConvexDist2(ex, ey, ex + DX[v] * g, ey + DY[v] * g, grown) >= s2) mask |= 1 << v;
  }
  if (!usableMask(grid, exit.node, mask)) return exit;
  return { ...exit, teardrop: td, mask };
}

function usableMask(grid: RouteGrid, node: number, mask: number): boolean {
  for (let v = 0; v < 8; v++) {
    if (!(mask & (1 << v)) || grid.edgeBlock[node] & (1 << v)) continue;
    if (grid.status[node + grid.step[v]] !== BLOCKED) return true;
  }
  return false;
}

/**
 * Every move between unblocked, unclaimed nodes near `grown` keeps `space` from it (and so does every
 * such node). `claimed` nodes (the exit node and the stub's corner claims) cannot be other nets' path
 * nodes; a diagonal with the exit node `e` as a corner cannot be another net's either (a corner may
 * not be another net's path node), while one sharing a corner with a stub claim can.
 */
function othersClear(grid: RouteGrid, grown: Int32Array, claimed: Set<number>, e: number, s2: number): boolean {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < grown.length; i += 2) {
    x0 = Math.min(x0, grown[i]);
    x1 = Math.max(x1, grown[i]);
    y0 = Math.min(y0, grown[i + 1]);
    y1 = Math.max(y1, grown[i + 1]);
  }
  const g = grid.g;
  const reach = grid.s + g;
  const i0 = Math.max(0, Math.floor((x0 - reach - grid.x0) / g));
  const i1 = Math.min(grid.nx - 1, Math.ceil((x1 + reach - grid.x0) / g));
  const j0 = Math.max(0, Math.floor((y0 - reach - grid.y0) / g));
  const j1 = Math.min(grid.ny - 1, Math.ceil((y1 + reach - grid.y0) / g));
  const sp = grid.s;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const q = i + j * grid.nx;
      if (grid.status[q] === BLOCKED || claimed.has(q)) continue;
      const qx = grid.x0 + i * g;
      const qy = grid.y0 + j * g;
      // Box test first: a move from q stays within g of q, so it cannot reach grown's box +- space.
      if (qx < x0 - sp - g || qx > x1 + sp + g || qy < y0 - sp - g || qy > y1 + sp + g) continue;
      if (qx >= x0 - sp && qx <= x1 + sp && qy >= y0 - sp && qy <= y1 + sp && segmentConvexDist2(qx, qy, qx, qy, grown) < s2) return false;
      for (let d = 0; d < 4; d++) {
        if (grid.edgeBlock[q] & (1 << d)) continue;
        const m = q + grid.step[d];
        if (grid.status[m] === BLOCKED || claimed.has(m)) continue;
        if ((d & 1) && (q + DX[d] === e || q + DY[d] * grid.nx === e)) continue;
        const mx = qx + DX[d] * g;
        const my = qy + DY[d] * g;
        if (Math.max(qx, mx) < x0 - sp || Math.min(qx, mx) > x1 + sp || Math.max(qy, my) < y0 - sp || Math.min(qy, my) > y1 + sp) continue;
        if (segmentConvexDist2(qx, qy, mx, my, grown) < s2) return false;
      }
    }
  }
  return true;
}
