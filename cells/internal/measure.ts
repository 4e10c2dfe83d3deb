/**
 * Measurements the cells size their polygons by: widths and enclosures measured on the snapped
 * vertices, so a rule holds on what is drawn, not only on the circle a polygon approximates.
 *
 * Two views of every distance, and a rule must hold in both:
 * - exact: Euclidean geometry in doubles (int32 inputs: products exact below 2^53, one final root);
 * - as a checker computes it: KLayout (db::Edge::distance) divides the cross product by the edge
 *   length rounded to whole dbu. On the short edges of a polygonised circle that rounding is a
 *   relative error of up to 0.5 / length: for a 360-gon UBM (1.9 um edges) a 215 um width reads up
 *   to 57 nm short. Fitting on both keeps KLayout's verdict the same as ours.
 */

/** Distance from point p to segment a-b. */
export function pointSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / l2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Point-to-edge distance the way a checker measures it: to the edge's line when the point projects
 * onto the edge, with the cross product divided by the edge length rounded to whole dbu (KLayout);
 * to the nearer end point otherwise.
 */
function checkerPointEdge(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = (px - ax) * dx + (py - ay) * dy;
  if (l2 === 0 || t < 0 || t > l2) return Math.min(Math.hypot(px - ax, py - ay), Math.hypot(px - bx, py - by));
  return Math.abs(dx * (py - ay) - dy * (px - ax)) / Math.max(1, Math.round(Math.sqrt(l2)));
}

/**
 * Min width of a convex ring: the smallest caliper width, taken perpendicular to each edge (where the
 * minimum of a convex polygon lies).
 */
export function convexWidth(r: ArrayLike<number>): number {
  const n = r.length;
  let best = Infinity;
  for (let j = 0, k = n - 2; j < n; k = j, j += 2) {
    const ax = r[k];
    const ay = r[k + 1];
    const dx = r[j] - ax;
    const dy = r[j + 1] - ay;
    let far = 0;
    for (let i = 0; i < n; i += 2) {
      const c = Math.abs(dx * (r[i + 1] - ay) - dy * (r[i] - ax));
      if (c > far) far = c;
    }
    const w = far / Math.hypot(dx, dy);
    if (w < best) best = w;
  }
  return best;
}

/**
 * Width between facing edges, as a width check with projection metrics measures it (the published
 * rules define width "for parallel opposite edges"): the smallest distance from a vertex to the line
 * of an edge it projects onto, over every vertex not on that edge, exactly (`checker` false) or with
 * the checker's rounded edge length (`checker` true). After snapping, opposite edges are not exactly
 * parallel, so this can fall a fraction of a nm below the caliper width even when exact.
 */
export function facingWidth(r: ArrayLike<number>, checker = false): number {
  const n = r.length;
  let best = Infinity;
  for (let j = 0, k = n - 2; j < n; k = j, j += 2) {
    const ax = r[k];
    const ay = r[k + 1];
    const dx = r[j] - ax;
    const dy = r[j + 1] - ay;
    const l2 = dx * dx + dy * dy;
    const len = checker ? Math.max(1, Math.round(Math.sqrt(l2))) : Math.sqrt(l2);
    for (let i = 0; i < n; i += 2) {
      if (i === j || i === k) continue;
      const t = (r[i] - ax) * dx + (r[i + 1] - ay) * dy;
      if (t < 0 || t > l2) continue;
      const d = Math.abs(dx * (r[i + 1] - ay) - dy * (r[i] - ax)) / len;
      if (d > 0 && d < best) best = d;
    }
  }
  return best;
}

/** Min width of a convex ring by every measure (caliper, facing edges exact and as checked). */
export function widthOf(r: ArrayLike<number>): number {
  return Math.min(convexWidth(r), facingWidth(r), facingWidth(r, true));
}

/**
 * Smallest distance between the boundaries of two rings (vertex-to-edge both ways). For `inner`
 * inside `outer` this is the edge-to-edge enclosure a DRC enclosure check measures.
 */
export function boundaryDistance(a: ArrayLike<number>, b: ArrayLike<number>, checker = false): number {
  let best = Infinity;
  const f = checker ? checkerPointEdge : pointSegment;
  const one = (p: ArrayLike<number>, q: ArrayLike<number>) => {
    const n = q.length;
    for (let i = 0; i < p.length; i += 2) {
      for (let j = 0, k = n - 2; j < n; k = j, j += 2) {
        const d = f(p[i], p[i + 1], q[k], q[k + 1], q[j], q[j + 1]);
        if (d < best) best = d;
      }
    }
  };
  one(a, b);
  one(b, a);
  return best;
}

/** Enclosure of `inner` by `outer` by both measures (callers draw inner inside outer). */
export function enclosureOf(inner: ArrayLike<number>, outer: ArrayLike<number>): number {
  return Math.min(boundaryDistance(inner, outer), boundaryDistance(inner, outer, true));
}

/**
 * Margin (dbu) on every measured rule when fitting a polygon: a checker also rounds the points it
 * projects to the grid, an error below 1 nm on top of the rounded edge length modelled above.
 */
export const CHECK_MARGIN = 1;

/** How far (dbu) a measured value falls short of `rule` plus the margin; <= 0 when it holds. */
export function shortfall(rule: number, measured: number): number {
  return rule + CHECK_MARGIN - measured;
}

/** Largest vertex-to-vertex distance of a ring (its across-corners size). */
export function diameterOf(r: ArrayLike<number>): number {
  let best = 0;
  for (let i = 0; i < r.length; i += 2) {
    for (let j = i + 2; j < r.length; j += 2) best = Math.max(best, Math.hypot(r[i] - r[j], r[i + 1] - r[j + 1]));
  }
  return best;
}

/** Smallest distance from (x, y) to the boundary of a ring. */
export function pointToBoundary(x: number, y: number, r: ArrayLike<number>): number {
  let best = Infinity;
  const n = r.length;
  for (let j = 0, k = n - 2; j < n; k = j, j += 2) best = Math.min(best, pointSegment(x, y, r[k], r[k + 1], r[j], r[j + 1]));
  return best;
}

/** Shortest edge of a ring, dbu. */
export function shortestEdge(r: ArrayLike<number>): number {
  const n = r.length;
  let best = Infinity;
  for (let j = 0, k = n - 2; j < n; k = j, j += 2) best = Math.min(best, Math.hypot(r[j] - r[k], r[j + 1] - r[k + 1]));
  return best;
}
