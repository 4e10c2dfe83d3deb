/**
 * The die cell of a design: outline (with its half of the street and saw cut when a wafer is given),
 * seal ring, a pad stack on every die pad, a bump stack (and optional Cu post) on every bump site.
 * Cells come from the cached parametric library, so the die holds references, not copies; the bump
 * array is one AREF when fully populated, runs of AREFs otherwise. Routing is added by the pipeline.
 */
import { Cell } from '../core/cell.ts';
import type { Technology } from '../tech/types.ts';
import { bumpStack, dieOutline, padStackCell, post, sealRing } from '../../cells/index.ts';
import type { Design } from './types.ts';

/** Places `cell` at every populated site: one AREF per maximal run of consecutive sites in a row. */
export function placeOnSites(parent: Cell, cell: Cell, sites: readonly { col: number; row: number; x: number; y: number }[], pitch: number): void {
  const byRow = new Map<number, { col: number; x: number; y: number }[]>();
  for (const s of sites) {
    let r = byRow.get(s.row);
    if (!r) byRow.set(s.row, (r = []));
    r.push(s);
  }
  // Full rectangular array: one 2-D AREF.
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  const cols = new Set(sites.map((s) => s.col));
  const full = rows.length > 0 && sites.length === rows.length * cols.size && rows.every((r, i) => i === 0 || r === rows[i - 1] + 1) && [...cols].every((c) => cols.has(c));
  if (full && cols.size > 1 && rows.length > 1) {
    const first = sites.reduce((a, b) => (b.row < a.row || (b.row === a.row && b.col < a.col) ? b : a));
    parent.addArray(cell, cols.size, rows.length, [pitch, 0], [0, pitch], { x: first.x, y: first.y });
    return;
  }
  for (const r of rows) {
    const run = byRow.get(r)!.sort((a, b) => a.col - b.col);
    let start = 0;
    for (let i = 1; i <= run.length; i++) {
      if (i === run.length || run[i].col !== run[i - 1].col + 1) {
        const n = i - start;
        if (n === 1) parent.addRef(cell, { x: run[start].x, y: run[start].y });
        else parent.addArray(cell, n, 1, [pitch, 0], [0, 0], { x: run[start].x, y: run[start].y });
        start = i;
      }
    }
  }
}

/** The die cell (without routing), named after the design. */
export function dieCell(design: Design, tech: Technology = design.tech): Cell {
  const { die } = design;
  const cell = new Cell(`${design.name}_DIE`);
  const street = design.wafer?.street;
  const saw = design.wafer?.saw;
  cell.addRef(dieOutline(tech, { width: die.width, height: die.height, ...(street ? { street } : {}), ...(saw ? { saw } : {}) }));
  cell.addRef(sealRing(tech, { width: die.width, height: die.height }));
  for (const pad of die.pads) cell.addRef(padStackCell(tech, { width: pad.w, height: pad.h }), { x: pad.x, y: pad.y });
  placeOnSites(cell, bumpStack(tech), die.bumps, die.pitch);
  if (die.post) placeOnSites(cell, post(tech, { diameter: die.post.diameter, height: die.post.height }), die.bumps, die.pitch);
  return cell;
}
