/**
 * Keyholing: a polygon with holes becomes one simple-boundary ring by joining each hole to the
 * boundary with a zero-width cut (two coincident bridge edges). GDSII BOUNDARY has no holes, so this
 * is how every GDS tool stores them. Bridges join existing vertices only, so no vertex leaves the grid
 * and the area is exactly outer - holes.
 */
import { InputError } from './errors.ts';
import { pointInRing, reverseRing, signedArea2 } from './polygon.ts';

/** Strict orientation test: sign of the cross product (b - a) x (c - a). */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/**
 * Whether segment p-q meets segment a-b anywhere other than at a shared endpoint that is allowed
 * (`allowed` is a point both may share: the bridge's own endpoints).
 */
function segmentsConflict(
  px: number, py: number, qx: number, qy: number,
  ax: number, ay: number, bx: number, by: number,
): boolean {
  const d1 = orient(px, py, qx, qy, ax, ay);
  const d2 = orient(px, py, qx, qy, bx, by);
  const d3 = orient(ax, ay, bx, by, px, py);
  const d4 = orient(ax, ay, bx, by, qx, qy);
  const sharesP = (ax === px && ay === py) || (bx === px && by === py);
  const sharesQ = (ax === qx && ay === qy) || (bx === qx && by === qy);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  // Touching cases: an endpoint of one lies on the other. Sharing a bridge endpoint is fine.
  if (d1 === 0 && onSegment(px, py, qx, qy, ax, ay) && !((ax === px && ay === py) || (ax === qx && ay === qy))) return true;
  if (d2 === 0 && onSegment(px, py, qx, qy, bx, by) && !((bx === px && by === py) || (bx === qx && by === qy))) return true;
  if (d3 === 0 && onSegment(ax, ay, bx, by, px, py) && !sharesP) return true;
  if (d4 === 0 && onSegment(ax, ay, bx, by, qx, qy) && !sharesQ) return true;
  return false;
}

function ringConflicts(ring: ArrayLike<number>, px: number, py: number, qx: number, qy: number): boolean {
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    if (segmentsConflict(px, py, qx, qy, ring[j], ring[j + 1], ring[i], ring[i + 1])) return true;
  }
  return false;
}

/**
 * Joins `holes` into `outer`. Returns a counter-clockwise ring. Holes must lie inside the outer ring and
 * not overlap each other (as a boolean engine delivers them); a hole that cannot be bridged throws.
 */
export function keyhole(outer: ArrayLike<number>, holes: ReadonlyArray<ArrayLike<number>>): Int32Array {
  let ring: number[] = Array.from(signedArea2(outer) < 0 ? reverseRing(outer) : outer);
  // Holes clockwise; processed from left to right so each bridge looks left towards merged material.
  const pending = holes
    .map((h) => Array.from(signedArea2(h) > 0 ? reverseRing(h) : h))
    .map((h) => {
      let best = 0;
      for (let i = 2; i < h.length; i += 2) {
        if (h[i] < h[best] || (h[i] === h[best] && h[i + 1] < h[best + 1])) best = i;
      }
      return { ring: h, start: best };
    })
    .sort((a, b) => a.ring[a.start] - b.ring[b.start] || a.ring[a.start + 1] - b.ring[b.start + 1]);

  for (let k = 0; k < pending.length; k++) {
    const { ring: hole, start } = pending[k];
    const hx = hole[start];
    const hy = hole[start + 1];
    // Candidate vertices of the current ring, nearest first.
    const order: number[] = [];
    for (let i = 0; i < ring.length; i += 2) order.push(i);
    const d2 = (i: number) => (ring[i] - hx) ** 2 + (ring[i + 1] - hy) ** 2;
    order.sort((a, b) => d2(a) - d2(b) || a - b);
    let target = -1;
    for (const i of order) {
      const vx = ring[i];
      const vy = ring[i + 1];
      if (vx === hx && vy === hy) continue;
      const mx = (vx + hx) / 2;
      const my = (vy + hy) / 2;
      if (!pointInRing(ring, mx, my) || pointInRing(hole, mx, my)) continue;
      if (ringConflicts(ring, hx, hy, vx, vy)) continue;
      let blocked = ringConflicts(hole, hx, hy, vx, vy);
      for (let m = k + 1; m < pending.length && !blocked; m++) {
        blocked = ringConflicts(pending[m].ring, hx, hy, vx, vy) || pointInRing(pending[m].ring, mx, my);
      }
      if (blocked) continue;
      target = i;
      break;
    }
    if (target < 0) {
      throw new InputError('E_KEYHOLE', `keyhole: hole with leftmost vertex (${hx}, ${hy}) dbu cannot be bridged to the boundary (is it inside the polygon and free of overlaps?)`);
    }
    const spliced: number[] = ring.slice(0, target + 2);
    for (let i = 0; i < hole.length; i += 2) {
      const j = (start + i) % hole.length;
      spliced.push(hole[j], hole[j + 1]);
    }
    spliced.push(hx, hy, ring[target], ring[target + 1]);
    for (let i = target + 2; i < ring.length; i++) spliced.push(ring[i]);
    ring = spliced;
  }
  return Int32Array.from(ring);
}
