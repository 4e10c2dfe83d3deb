/** Axis-aligned boxes in dbu. Empty is represented by `null` at call sites, never by an inverted box. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding box of flat coordinates [x0, y0, x1, y1, ...]; null for an empty array. */
export function boxOfCoords(coords: ArrayLike<number>): Box | null {
  if (coords.length < 2) return null;
  const [x0, y0, x1, y1] = boundsOf(coords);
  return { x0, y0, x1, y1 };
}

/** Smallest box holding both (null is the empty box). */
export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

export function boxWidth(b: Box): number {
  return b.x1 - b.x0;
}
export function boxHeight(b: Box): number {
  return b.y1 - b.y0;
}

/** Whether two boxes overlap or touch. */
export function boxesTouch(a: Box, b: Box): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

/** The box grown by d on every side (d may be negative; the result may then be inverted: check it). */
export function growBox(b: Box, d: number): Box {
  return { x0: b.x0 - d, y0: b.y0 - d, x1: b.x1 + d, y1: b.y1 + d };
}

/** Corner coordinates of a box as a counter-clockwise polygon. */
export function boxCoords(b: Box): Int32Array {
  return Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1);
}

/**
 * Bounds [x0, y0, x1, y1] of flat coordinates as a tuple, for hot loops that destructure; an empty
 * array gives [Infinity, Infinity, -Infinity, -Infinity].
 */
export function boundsOf(coords: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}
