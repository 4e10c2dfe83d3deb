/**
 * Plating ties measured on the drawn die: every net's merged metal reaches the die edge with exactly
 * the tie's width there, and the die passes the project's DRC (src/verify), which flags the acute
 * notches a tie leaves where it meets its net's metal at under 90 degrees. The die has its pads close
 * to the edge (examples/wafer-200.yaml), where the grid has no node between a pad and the edge.
 * A second die has its pads deep inside and the balls outside them, so every tie leaves a ball's
 * round capture pad and must get a teardrop there.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../../src/core/index.ts';
import { drawRouting, routeDie } from '../../src/route/index.ts';
import { runDrc } from '../../src/verify/drc.ts';
import { AMKOR_6X6, AMKOR_6X6_EDGE, FINE_INNER_PADS, makeCase } from './cases.ts';

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

  it('pads inside the ball ring: ties leave capture pads, each with a teardrop, die DRC-clean', () => {
    const { problem } = makeCase('inner', 'fine-10', FINE_INNER_PADS, { ties: { width: 10_000 } });
    const tech = problem.tech;
    const radius = tech.construction.capture.diameter / 2;
    const r = routeDie(problem);
    expect(r.failed).toBe(0);
    expect(r.ties.failed).toEqual([]);
    expect(r.ties.routed).toBe(problem.pads.length);
    expect(r.diagnostics.filter((d) => d.code === 'W_TEARDROP')).toEqual([]);
    let fromCapture = 0;
    for (const n of r.nets) {
      // The tie's first point is its anchor on the net's metal: inside one of the net's capture pads
      // when it leaves a ball (the case under test; the layout makes that every net's shortest tie).
      const [ax, ay] = n.tie![0].map((v) => Math.round(v * 1000));
      const ball = problem.bumps.find((b) => n.bumps.includes(b.name) && Math.hypot(ax - b.x, ay - b.y) < radius);
      if (!ball) continue;
      fromCapture++;
      // Around the ball (the tie's and the trace's junctions with the round pad) the net's drawn metal
      // has no notch sharper than 90 degrees: without the teardrop the tie's edges meet the
      // polygonised circle at 84.4 degrees, which the space check below flags as a 0 um notch.
      expect(sharpestNotch(n.polygons, ball.x, ball.y, 2 * radius), `net ${n.net} at ball ${ball.name}`).toBeGreaterThanOrEqual(90 - 1e-6);
    }
    // Not vacuous: the ties really start at capture pads here (all of them, by construction).
    expect(fromCapture).toBe(problem.pads.length);
    const die = new Cell('DIE');
    drawRouting(die, r, tech);
    const drc = runDrc(die, tech);
    const markers = drc.entries.flatMap((e) => e.markers.map((m) => `${e.rule.id} ${m.measured} at ${Array.from(m.outer).slice(0, 2)}`));
    expect(markers).toEqual([]);
  });
});

/**
 * The smallest opening angle (degrees) of the concave corners of a net's rings (notches into the
 * space outside the metal) with the vertex within `reach` of (cx, cy); 360 when there is none.
 */
function sharpestNotch(rings: readonly Int32Array[], cx: number, cy: number, reach: number): number {
  let min = 360;
  for (const ring of rings) {
    const k = ring.length / 2;
    let area2 = 0;
    for (let i = 0; i < k; i++) {
      const j = (i + 1) % k;
      area2 += ring[2 * i] * ring[2 * j + 1] - ring[2 * j] * ring[2 * i + 1];
    }
    const orient = Math.sign(area2);
    for (let i = 0; i < k; i++) {
      const x = ring[2 * i];
      const y = ring[2 * i + 1];
      if (Math.hypot(x - cx, y - cy) > reach) continue;
      const p = (i + k - 1) % k;
      const q = (i + 1) % k;
      const ax = ring[2 * p] - x;
      const ay = ring[2 * p + 1] - y;
      const bx = ring[2 * q] - x;
      const by = ring[2 * q + 1] - y;
      // Concave (reflex inside the metal) when the turn at the vertex goes against the ring's orientation.
      if ((bx * ay - by * ax) * orient >= 0) continue;
      const cos = (ax * bx + ay * by) / (Math.hypot(ax, ay) * Math.hypot(bx, by));
      min = Math.min(min, (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI);
    }
  }
  return min;
}
