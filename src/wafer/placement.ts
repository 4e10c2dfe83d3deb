/**
 * Placement runs: a set of lattice sites split into rectangles, each placed as one GDSII AREF
 * (cols x rows) and the single sites left over as SREFs. Hierarchy is what keeps a 300 mm wafer of
 * 2,500 dies to a few MB; the die is never flattened.
 *
 * Method: greedy maximal rectangles. Repeatedly take the largest all-available rectangle (largest
 * histogram rectangle per row, O(sites) per round), ties to the first found scanning rows bottom to
 * top and columns left to right, so the result is deterministic. A disc of sites becomes one large
 * central block and a few strips per side: ~100 arrays for 2,500 dies.
 */

export interface SiteRun {
  /** Lower-left site of the run (lattice column and row). */
  readonly col: number;
  readonly row: number;
  /** Sites along x and y, >= 1; 1 x 1 is an SREF. */
  readonly cols: number;
  readonly rows: number;
}

/**
 * Covers `sites` exactly (each once) with rectangles of sites, largest first. Duplicate sites count once.
 * Empty input gives no runs.
 */
export function decomposeSites(sites: ReadonlyArray<{ readonly col: number; readonly row: number }>): SiteRun[] {
  if (sites.length === 0) return [];
  let c0 = Infinity;
  let c1 = -Infinity;
  let r0 = Infinity;
  let r1 = -Infinity;
  for (const s of sites) {
    if (s.col < c0) c0 = s.col;
    if (s.col > c1) c1 = s.col;
    if (s.row < r0) r0 = s.row;
    if (s.row > r1) r1 = s.row;
  }
  const W = c1 - c0 + 1;
  const H = r1 - r0 + 1;
  const free = new Uint8Array(W * H);
  let left = 0;
  for (const s of sites) {
    const i = (s.row - r0) * W + (s.col - c0);
    if (!free[i]) left++;
    free[i] = 1;
  }
  const runs: SiteRun[] = [];
  const heights = new Int32Array(W);
  const stack = new Int32Array(W + 1);
  while (left > 0) {
    heights.fill(0);
    let best = { area: 0, col: 0, row: 0, cols: 0, rows: 0 };
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) heights[c] = free[r * W + c] ? heights[c] + 1 : 0;
      // Largest rectangle under the histogram `heights` (rectangles ending at row r).
      let top = 0;
      for (let c = 0; c <= W; c++) {
        const hc = c < W ? heights[c] : 0;
        while (top > 0 && heights[stack[top - 1]] >= hc) {
          const hgt = heights[stack[--top]];
          const start = top > 0 ? stack[top - 1] + 1 : 0;
          const area = hgt * (c - start);
          if (area > best.area) best = { area, col: start, row: r - hgt + 1, cols: c - start, rows: hgt };
        }
        stack[top++] = c;
      }
    }
    if (best.area <= 1) break;
    runs.push({ col: best.col + c0, row: best.row + r0, cols: best.cols, rows: best.rows });
    for (let r = best.row; r < best.row + best.rows; r++) free.fill(0, r * W + best.col, r * W + best.col + best.cols);
    left -= best.area;
  }
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) if (free[r * W + c]) runs.push({ col: c + c0, row: r + r0, cols: 1, rows: 1 });
  return runs;
}
