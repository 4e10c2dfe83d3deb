/**
 * Nets with several pads and balls (power and ground) in both assignment modes, and plating ties
 * (process document 004): one tie per net to the die edge, at the tie width, keeping the space.
 */
import { describe, expect, it } from 'vitest';
import { routeDie } from '../../src/route/index.ts';
import type { RouteBump, RoutePad } from '../../src/route/types.ts';
import { AMKOR_6X6, FINE_8X8, makeCase } from './cases.ts';
import { connectivityCheck, octilinearCheck, selfApproachCheck, spacingCheck, widthCheck } from './check.ts';

const base = makeCase('6x6', 'amkor-0.4', AMKOR_6X6).problem;
const POWER: Record<string, string> = { P1: 'VDD', P2: 'VDD', P20: 'VSS', P21: 'VSS' };
const powerPads: RoutePad[] = base.pads.map((p) => (POWER[p.name] ? { ...p, net: POWER[p.name] } : p));

describe('power and ground nets with two pads and two balls each', () => {
  it('auto: each power net gets a ball per pad and becomes one island', () => {
    const r = routeDie({ ...base, pads: powerPads });
    expect(r.failed).toBe(0);
    expect(r.nets).toHaveLength(34);
    for (const net of ['VDD', 'VSS']) {
      const n = r.nets.find((q) => q.net === net)!;
      expect(n.pads).toHaveLength(2);
      expect(n.bumps).toHaveLength(2);
      expect(n.polygons).toHaveLength(1);
      // Four pins joined by three connections.
      expect(n.paths).toHaveLength(3);
      expect(n.lengthUm).toBeGreaterThanOrEqual(n.lowerBoundUm);
    }
    expect(connectivityCheck(r, powerPads, base.bumps)).toEqual([]);
    expect(spacingCheck(r, 15_000).violations).toEqual([]);
    expect(octilinearCheck(r)).toEqual([]);
  });

  it('fixed: a bump map with shared nets joins every pad and ball of a net', () => {
    const auto = routeDie(base);
    const map = new Map<string, string>();
    for (const n of auto.nets) map.set(n.bumps[0], POWER[n.net] ?? n.net);
    const bumps: RouteBump[] = base.bumps.map((b) => ({ ...b, net: map.get(b.name) }));
    const r = routeDie({ ...base, pads: powerPads, bumps, options: { assignment: 'fixed' } });
    expect(r.failed).toBe(0);
    for (const n of r.nets) for (const b of n.bumps) expect(map.get(b)).toBe(n.net);
    expect(r.nets.find((q) => q.net === 'VDD')!.bumps.sort()).toEqual(bumps.filter((b) => b.net === 'VDD').map((b) => b.name).sort());
    expect(connectivityCheck(r, powerPads, bumps)).toEqual([]);
    expect(spacingCheck(r, 15_000).violations).toEqual([]);
    expect(widthCheck(r, 15_000)).toEqual([]);
  });
});

describe.each([
  ['amkor-0.4, 10 um ties', makeCase('6x6', 'amkor-0.4', AMKOR_6X6, { ties: { width: 10_000 } }).problem],
  ['fine-10, 10 um ties', makeCase('8x8', 'fine-10', FINE_8X8, { ties: { width: 10_000 } }).problem],
])('plating ties: %s', (_name, problem) => {
  const r = routeDie(problem);
  const s = problem.tech.construction.rdl.space;
  const tw = problem.options!.ties!.width;

  it('gives every net a tie that ends on the die edge', () => {
    expect(r.failed).toBe(0);
    expect(r.ties).toEqual({ requested: true, routed: r.nets.length, failed: [] });
    const W = problem.die.width / 2000;
    const H = problem.die.height / 2000;
    for (const n of r.nets) {
      const end = n.tie![n.tie!.length - 1];
      expect(Math.abs(Math.abs(end[0]) - W) < 1e-9 || Math.abs(Math.abs(end[1]) - H) < 1e-9, `${n.net} ends at ${end}`).toBe(true);
      // The tie is part of the net's single island.
      expect(n.polygons).toHaveLength(1);
    }
  });

  it('keeps the space between nets and the tie width, with octilinear ties', () => {
    expect(spacingCheck(r, s).violations).toEqual([]);
    expect(widthCheck(r, problem.tech.construction.rdl.width, tw)).toEqual([]);
    expect(octilinearCheck(r)).toEqual([]);
    expect(selfApproachCheck(r)).toEqual([]);
    expect(connectivityCheck(r, problem.pads, problem.bumps)).toEqual([]);
  });

  it('reaches the die edge only with the ties: the tie metal touches the edge, the rest stays inside the keep-out', () => {
    const W = problem.die.width / 2;
    let touching = 0;
    for (const n of r.nets) {
      const ring = n.polygons[0];
      for (let i = 0; i < ring.length; i += 2) {
        if (Math.abs(ring[i]) === W || Math.abs(ring[i + 1]) === problem.die.height / 2) {
          touching++;
          break;
        }
      }
    }
    expect(touching).toBe(r.nets.length);
  });
});
