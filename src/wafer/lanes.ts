/**
 * The die lattice on the wafer in integer dbu (1 nm) and the dicing lanes between the dies: the
 * street (kerf), the saw cut centred in it and the lane's centre line, where the plating bus runs.
 *
 * Frames
 * - Wafer frame: the wafer centre is (0, 0), +y up, notch or flat at the bottom (outline.ts).
 * - Die frame: the die cell's own frame. A w x h die occupies [-floor(w/2), w - floor(w/2)] x
 *   [-floor(h/2), h - floor(h/2)] (cells/die.ts dieBox: odd sizes stay on the grid), so the die cell
 *   of site (c, r) is placed at the site's lower-left corner + (floor(w/2), floor(h/2)).
 *
 * Lanes. Vertical lane k lies between site columns k and k + 1: street [lo, hi) with
 * lo = originX + k * pitchX + w, hi = lo + streetX. The saw cut is [sawLo, sawLo + saw) with
 * sawLo = lo + floor((street - saw) / 2), and the lane's centre line is mid = sawLo + floor(saw / 2):
 * when street - saw or saw is odd the half nanometre goes down, the same way on every lane, so every
 * site sees the same lanes at the same offsets in its own frame. Horizontal lanes likewise in y.
 */
import { InputError } from '../core/errors.ts';
import type { Box } from '../core/box.ts';
import type { Dbu } from '../core/units.ts';
import type { GridResult } from './grid.ts';
import { isqrtDiffSquares } from './outline.ts';

/** One dicing lane across the wafer; positions across the lane (x for vertical lanes, y for horizontal ones), dbu. */
export interface Lane {
  /** The lane lies between site column (row) k and k + 1. */
  readonly k: number;
  /** Street (kerf) extent [lo, hi), dbu. */
  readonly lo: Dbu;
  readonly hi: Dbu;
  /** Saw cut [sawLo, sawHi), dbu: saw wide, centred in the street (half nm rounded down). */
  readonly sawLo: Dbu;
  readonly sawHi: Dbu;
  /** Centre line of the saw cut, dbu. */
  readonly mid: Dbu;
}

/** The lanes around one site, in the die frame (every site sees the same). */
export interface LocalLanes {
  readonly left: Lane;
  readonly right: Lane;
  readonly bottom: Lane;
  readonly top: Lane;
}

/**
 * floor(sqrt(r^2 - d^2)) for integers r >= 0, d >= 0 (exact), or -1 when d > r: half the chord of the
 * circle of radius r at distance d from its centre, rounded inward.
 */
export function chordHalf(r: number, d: number): number {
  if (d > r) return -1;
  return isqrtDiffSquares(r, d);
}

/** Distance of the interval [a, b] from 0 (0 when it contains 0). */
export function nearAbs(a: number, b: number): number {
  return a > 0 ? a : b < 0 ? -b : 0;
}

/** The larger |v| over the interval [a, b]. */
export function farAbs(a: number, b: number): number {
  return Math.max(Math.abs(a), Math.abs(b));
}

export class WaferLattice {
  /** Die width and height without street, dbu. */
  readonly die: readonly [Dbu, Dbu];
  readonly pitch: readonly [Dbu, Dbu];
  readonly street: readonly [Dbu, Dbu];
  /** Saw cut width, dbu (0 < saw < street on both axes). */
  readonly saw: Dbu;
  /** Lower-left corner of site (0, 0), wafer frame, dbu. */
  readonly origin: readonly [Dbu, Dbu];
  /** The die box in the die frame, dbu. */
  readonly dieBox: Box;
  readonly local: LocalLanes;

  constructor(grid: GridResult, saw: Dbu) {
    const [w, h] = grid.lattice.dieDbu;
    const [p, q] = grid.lattice.pitchDbu;
    this.die = [w, h];
    this.pitch = [p, q];
    this.street = [p - w, q - h];
    this.origin = [grid.lattice.originDbu[0], grid.lattice.originDbu[1]];
    if (!Number.isInteger(saw) || saw <= 0) throw new InputError('E_RANGE', `wafer.saw: ${saw} dbu must be a positive integer number of nm`);
    for (const [s, axis] of [[p - w, 'x'], [q - h, 'y']] as const) {
      if (saw >= s) throw new InputError('E_RANGE', `wafer.saw: the saw cut ${saw / 1000} um must be narrower than the street ${s / 1000} um (${axis})`);
    }
    this.saw = saw;
    const x0 = -Math.floor(w / 2);
    const y0 = -Math.floor(h / 2);
    this.dieBox = { x0, y0, x1: x0 + w, y1: y0 + h };
    // Lanes right of and above the die, in the die frame; left and below are one pitch back.
    const right = this.lane(0, this.dieBox.x1, p - w);
    const top = this.lane(0, this.dieBox.y1, q - h);
    this.local = { left: shift(right, -p, -1), right, bottom: shift(top, -q, -1), top };
  }

  private lane(k: number, lo: number, street: number): Lane {
    const sawLo = lo + Math.floor((street - this.saw) / 2);
    return { k, lo, hi: lo + street, sawLo, sawHi: sawLo + this.saw, mid: sawLo + Math.floor(this.saw / 2) };
  }

  /** Translation (wafer frame) that places the die cell on site (col, row). */
  placement(col: number, row: number): [Dbu, Dbu] {
    return [this.origin[0] + col * this.pitch[0] - this.dieBox.x0, this.origin[1] + row * this.pitch[1] - this.dieBox.y0];
  }

  /** Vertical lane k (between columns k and k + 1), wafer frame. */
  laneX(k: number): Lane {
    return this.lane(k, this.origin[0] + k * this.pitch[0] + this.die[0], this.street[0]);
  }

  /** Horizontal lane k (between rows k and k + 1), wafer frame. */
  laneY(k: number): Lane {
    return this.lane(k, this.origin[1] + k * this.pitch[1] + this.die[1], this.street[1]);
  }

  /** Every vertical (axis 0) or horizontal (axis 1) lane whose street comes nearer the centre than `radius`, in order. */
  lanes(axis: 0 | 1, radius: number): Lane[] {
    const p = this.pitch[axis];
    const o = this.origin[axis] + this.die[axis];
    const out: Lane[] = [];
    const kMin = Math.floor((-radius - o - p) / p) - 1;
    const kMax = Math.ceil((radius - o) / p) + 1;
    for (let k = kMin; k <= kMax; k++) {
      const lane = axis === 0 ? this.laneX(k) : this.laneY(k);
      if (nearAbs(lane.lo, lane.hi) < radius) out.push(lane);
    }
    return out;
  }
}

function shift(l: Lane, d: number, dk: number): Lane {
  return { k: l.k + dk, lo: l.lo + d, hi: l.hi + d, sawLo: l.sawLo + d, sawHi: l.sawHi + d, mid: l.mid + d };
}
