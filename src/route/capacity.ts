/**
 * Channel capacity by cuts. Take the ring of grid nodes at Chebyshev radius k about the grid centre
 * (a square of grid lines). Any route from a node inside-or-on the ring to a node outside-or-on it
 * visits a node of the ring (a move changes the column and the row by at most one), and every node
 * serves at most one net. So the nets that must cross the ring (a pin whose exits are all
 * inside-or-on it, and a pin whose exits are all outside-or-on it) can all be routed only if they
 * are no more than the ring's free nodes. A ring over capacity proves the case infeasible on one
 * layer at this grid; the tightest ring shows where the channels are.
 */
import { FREE, RouteGrid } from './grid.ts';

export interface RingCut {
  /** Chebyshev radius (grid steps) about the centre node. */
  readonly k: number;
  readonly demand: number;
  readonly capacity: number;
  /** Nets (indices) crossing the ring. */
  readonly nets: number[];
}

export interface CutAnalysis {
  readonly ic: number;
  readonly jc: number;
  readonly cuts: RingCut[];
}

/**
 * `netPins[net]` lists, per pin of the net, its usable exit nodes. Pins without exits are ignored
 * (they fail for their own reason).
 */
export function analyseCuts(grid: RouteGrid, netPins: readonly (readonly (readonly number[])[])[]): CutAnalysis {
  const ic = Math.round((0 - grid.x0) / grid.g);
  const jc = Math.round((0 - grid.y0) / grid.g);
  const K = Math.max(ic, jc, grid.nx - 1 - ic, grid.ny - 1 - jc);
  const cheb = (n: number) => Math.max(Math.abs(grid.ci[n] - ic), Math.abs(grid.cj[n] - jc));
  const diff = new Int32Array(K + 2);
  const crossing: [number, number, number][] = [];
  netPins.forEach((pins, net) => {
    let minHi = Infinity;
    let maxLo = -Infinity;
    for (const exits of pins) {
      if (exits.length === 0) continue;
      let lo = Infinity;
      let hi = -Infinity;
      for (const n of exits) {
        const c = cheb(n);
        lo = Math.min(lo, c);
        hi = Math.max(hi, c);
      }
      minHi = Math.min(minHi, hi);
      maxLo = Math.max(maxLo, lo);
    }
    if (minHi <= maxLo) {
      diff[minHi]++;
      diff[maxLo + 1]--;
      crossing.push([net, minHi, maxLo]);
    }
  });
  // Free nodes per ring.
  const cap = new Int32Array(K + 1);
  for (let n = 0; n < grid.n; n++) if (grid.status[n] === FREE) cap[cheb(n)]++;
  const cuts: RingCut[] = [];
  let run = 0;
  for (let k = 0; k <= K; k++) {
    run += diff[k];
    if (run === 0) continue;
    cuts.push({ k, demand: run, capacity: cap[k], nets: crossing.filter(([, a, b]) => a <= k && k <= b).map(([n]) => n) });
  }
  return { ic, jc, cuts };
}

/** The ring's box, um. */
export function ringBoxUm(grid: RouteGrid, a: CutAnalysis, k: number): [number, number, number, number] {
  const x0 = grid.x0 + (a.ic - k) * grid.g;
  const x1 = grid.x0 + (a.ic + k) * grid.g;
  const y0 = grid.y0 + (a.jc - k) * grid.g;
  const y1 = grid.y0 + (a.jc + k) * grid.g;
  return [x0 / 1000, y0 / 1000, x1 / 1000, y1 / 1000];
}
