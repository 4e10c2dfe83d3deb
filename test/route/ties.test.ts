/**
 * Plating ties measured on the drawn die: every net's merged metal reaches the die edge with exactly
 * the tie's width there, and the die passes the project's DRC (src/verify), which flags the acute
 * notches a tie leaves where it meets its net's metal at under 90 degrees. The die has its pads close
 * to the edge (examples/wafer-200.yaml), where the grid has no node between a pad and the edge.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../../src/core/index.ts';
import { drawRouting, routeDie } from '../../src/route/index.ts';
import { runDrc } from '../../src/verify/drc.ts';
import { AMKOR_6X6, AMKOR_6X6_EDGE, makeCase } from './cases.ts';

/** Vertices (dbu) of a net's polygons that lie on the die boundary, per side (0 left, 1 right, 2 bottom, 3 top). */
function edgeVertices(polygons: readonly Int32Array[], W: number, H: number): [number, number][][] {
  const sides: [number, number][][] = [[], [], [], []];
  for (const ring of polygons) {
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i];
      const y = ring[i + 1];
      if (x === -Math.floor(W / 2)) sides[0].push([x, y]);
      if (x === Math.floor(W / 2)) sides[1].push([x, y]);
      if (y === -Math.floor(H / 2)) sides[2].push([x, y]);
      if (y === Math.floor(H / 2)) sides[3].push([x, y]);
    }
  }
  return sides;
}

describe('plating ties', () => {
  it.each([
    ['pads 70 um from the edge, 15 um ties', AMKOR_6X6_EDGE, 15_000],
    ['pads 70 um from the edge, 10 um ties', AMKOR_6X6_EDGE, 10_000],
    ['pads 100 um from the edge, 10 um ties', AMKOR_6X6, 10_000],
  ] as const)('%s: every net tied, each tie meets the die edge at its width, die DRC-clean', (_name, spec, tieW) => {
    const { problem } = makeCase('ties', 'amkor-0.4', spec, { ties: { width: tieW } });
    const tech = problem.tech;
    const { width: W, height: H } = problem.die;
    const r = routeDie(problem);
    expect(r.failed).toBe(0);
    expect(r.ties.failed).toEqual([]);
    expect(r.ties.routed).toBe(problem.pads.length);
    for (const n of r.nets) {
      // The tie's end on the die: two vertices on one die side, exactly the tie width apart.
      const sides = edgeVertices(n.polygons, W, H).filter((l) => l.length > 0);
      expect(sides.length, `net ${n.net}`).toBe(1);
      const [a, b] = sides[0];
      expect(sides[0].length, `net ${n.net}`).toBe(2);
      expect(Math.hypot(a[0] - b[0], a[1] - b[1]), `net ${n.net}`).toBe(tieW);
    }
    const die = new Cell('DIE');
    drawRouting(die, r, tech);
    const drc = runDrc(die, tech);
    const markers = drc.entries.flatMap((e) => e.markers.map((m) => `${e.rule.id} ${m.measured} at ${Array.from(m.outer).slice(0, 2)}`));
    expect(markers).toEqual([]);
  });
});
