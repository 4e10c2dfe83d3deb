/**
 * Generated routing cases: a peripheral ring of die pads and an area array of balls, as the design
 * loader would place them (pads counter-clockwise from the bottom side, centres `inset` from the die
 * edge; balls on a centred lattice). Used by the tests, the benchmark and examples. Lengths in dbu.
 */
import type { RouteBump, RoutePad } from './types.ts';

export interface RingArraySpec {
  /** Die width and height, dbu. */
  readonly die: readonly [number, number];
  /** Pads on the ring (split over the sides like the design loader: bottom, right, top, left). */
  readonly pads: number;
  /** Pad pitch along a side and pad opening size, dbu. */
  readonly padPitch: number;
  readonly padSize: number;
  /** Die edge to pad centre, dbu. */
  readonly padInset: number;
  /** Ball array columns x rows and pitch, dbu. */
  readonly cols: number;
  readonly rows: number;
  readonly pitch: number;
  /** Sites left empty: a predicate on (col, row) or a list of [col, row]. */
  readonly depopulate?: ((col: number, row: number) => boolean) | readonly (readonly [number, number])[];
  /** At most this many balls are kept (sites taken ring by ring from the outside); default all. */
  readonly maxBumps?: number;
}

export function ringPads(die: readonly [number, number], count: number, pitch: number, size: number, inset: number): RoutePad[] {
  const [W, H] = die;
  const perSide = [0, 1, 2, 3].map((s) => Math.floor(count / 4) + (s < count % 4 ? 1 : 0));
  const pads: RoutePad[] = [];
  for (let s = 0; s < 4; s++) {
    const n = perSide[s];
    const span = (n - 1) * pitch;
    for (let k = 0; k < n; k++) {
      const t = -span / 2 + k * pitch;
      let x: number;
      let y: number;
      if (s === 0) [x, y] = [t, -H / 2 + inset];
      else if (s === 1) [x, y] = [W / 2 - inset, t];
      else if (s === 2) [x, y] = [-t, H / 2 - inset];
      else [x, y] = [-W / 2 + inset, -t];
      const name = `P${pads.length + 1}`;
      pads.push({ name, net: name, x, y, w: size, h: size });
    }
  }
  return pads;
}

/** JEDEC-style ball name: row letters from the bottom (no I O Q S X Z), column number from the left. */
export function ballName(col: number, row: number): string {
  const L = 'ABCDEFGHJKLMNPRTUVWY';
  let r = row;
  let s = L[r % L.length];
  r = Math.floor(r / L.length);
  while (r > 0) {
    s = L[(r - 1) % L.length] + s;
    r = Math.floor((r - 1) / L.length);
  }
  return `${s}${col + 1}`;
}

export function arrayBumps(cols: number, rows: number, pitch: number, depopulate?: RingArraySpec['depopulate'], maxBumps?: number): RouteBump[] {
  const skip = typeof depopulate === 'function' ? depopulate : (c: number, r: number) => !!depopulate?.some(([a, b]) => a === c && b === r);
  const sites: { col: number; row: number; ring: number }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (skip(c, r)) continue;
      sites.push({ col: c, row: r, ring: Math.min(c, r, cols - 1 - c, rows - 1 - r) });
    }
  }
  let kept = sites;
  if (maxBumps !== undefined && maxBumps < sites.length) {
    // Outer rings first; within the innermost ring kept, spread the kept sites evenly.
    const byRing = [...sites].sort((a, b) => a.ring - b.ring);
    const last = byRing[maxBumps - 1].ring;
    const full = byRing.filter((s) => s.ring < last);
    const partial = byRing.filter((s) => s.ring === last);
    const need = maxBumps - full.length;
    const pick: typeof sites = [];
    for (let k = 0; k < need; k++) pick.push(partial[Math.floor((k * partial.length) / need)]);
    kept = [...full, ...pick].sort((a, b) => a.row - b.row || a.col - b.col);
  }
  return kept.map(({ col, row }) => ({ name: ballName(col, row), x: (col - (cols - 1) / 2) * pitch, y: (row - (rows - 1) / 2) * pitch }));
}

export function ringArrayCase(spec: RingArraySpec): { pads: RoutePad[]; bumps: RouteBump[] } {
  return {
    pads: ringPads(spec.die, spec.pads, spec.padPitch, spec.padSize, spec.padInset),
    bumps: arrayBumps(spec.cols, spec.rows, spec.pitch, spec.depopulate, spec.maxBumps),
  };
}
