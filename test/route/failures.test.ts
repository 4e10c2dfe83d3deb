/**
 * What the router reports instead of silently dropping: nets that cannot route (with the channel
 * capacity argument, in bounded time), pads and bumps left without a partner, and bad input.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { routeDie } from '../../src/route/index.ts';
import { preset } from '../../src/tech/index.ts';
import { AMKOR_6X6, FINE_TOO_DENSE, makeCase } from './cases.ts';
import { connectivityCheck, spacingCheck } from './check.ts';

describe('a die with more inner balls than the channels can carry', () => {
  const { problem } = makeCase('too dense', 'fine-10', FINE_TOO_DENSE, { timeLimitMs: 20_000 });

  it('ends in bounded time with every failure named and explained', () => {
    const t0 = performance.now();
    const r = routeDie(problem);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(20_000);
    expect(r.failed).toBeGreaterThan(0);
    expect(r.routed + r.failed).toBe(problem.pads.length);
    const failed = r.nets.filter((n) => !n.routed);
    for (const n of failed) {
      expect(n.reason, n.net).toBeTruthy();
      expect(r.diagnostics.some((d) => d.code === 'E_NET_UNROUTED' && d.message.startsWith(`net ${n.net} `))).toBe(true);
    }
    // The capacity argument: a ring of grid lines that more nets must cross than it has free tracks.
    expect(r.diagnostics.some((d) => d.code === 'E_CAPACITY')).toBe(true);
    expect(failed.filter((n) => n.reason!.startsWith('channel capacity:')).length).toBeGreaterThan(failed.length / 2);
    expect(r.tightestCut!.demand).toBeGreaterThan(r.tightestCut!.capacity);
    // All 36 outer-ring balls still route (they cross no over-full cut), and what is drawn is legal.
    const outer = new Set(problem.bumps.filter((b) => Math.max(Math.abs(b.x), Math.abs(b.y)) > 400_000).map((b) => b.name));
    expect(r.nets.filter((n) => n.routed && outer.has(n.bumps[0])).length).toBe(outer.size);
    expect(spacingCheck(r, problem.tech.construction.rdl.space).violations).toEqual([]);
    expect(connectivityCheck(r, problem.pads, problem.bumps)).toEqual([]);
  });

  it('reports a failing net\'s pins and no traces for it', () => {
    const r = routeDie(problem);
    const n = r.nets.find((q) => !q.routed)!;
    expect(n.paths).toEqual([]);
    expect(n.lengthUm).toBe(0);
    // Its landing pad and capture pad are still drawn (two separate islands).
    expect(n.polygons.length).toBe(2);
  });
});

describe('pads and balls without a partner', () => {
  const tech = preset('amkor-0.4');
  const base = makeCase('6x6', 'amkor-0.4', AMKOR_6X6).problem;

  it('auto: more pads than balls leaves the extra pads reported, the rest routed', () => {
    const pads = [...base.pads, { name: 'EXTRA', net: 'EXTRA', x: 0, y: -1_400_000 + 40_000, w: 60_000, h: 60_000 }];
    // Keep the extra pad clear of its neighbours: move it to a free spot on the bottom edge.
    pads[pads.length - 1] = { ...pads[pads.length - 1], x: 900_000, y: -1_400_000 };
    const r = routeDie({ die: base.die, pads, bumps: base.bumps, tech });
    expect(r.unassigned.pads).toHaveLength(1);
    expect(r.routed).toBe(36);
    expect(r.diagnostics.some((d) => d.code === 'W_PAD_UNASSIGNED')).toBe(true);
    expect(r.orphanPolygons.length).toBe(1);
  });

  it('auto: more balls than pads leaves balls without a pad reported as no-connect', () => {
    const r = routeDie({ die: base.die, pads: base.pads.slice(0, 30), bumps: base.bumps, tech });
    expect(r.routed).toBe(30);
    expect(r.unassigned.bumps).toHaveLength(6);
    expect(r.diagnostics.filter((d) => d.code === 'W_BUMP_UNASSIGNED')).toHaveLength(6);
  });

  it('fixed: a pad whose net has no ball and a ball whose net has no pad are both reported', () => {
    // A routable bump map (the automatic one), with one ball given a net no pad has.
    const auto = routeDie({ die: base.die, pads: base.pads, bumps: base.bumps, tech });
    const map = new Map(auto.nets.map((n) => [n.bumps[0], n.net]));
    const victim = auto.nets[5];
    const bumps = base.bumps.map((b) => ({ ...b, net: b.name === victim.bumps[0] ? 'NOPAD' : map.get(b.name)! }));
    const r = routeDie({ die: base.die, pads: base.pads, bumps, tech, options: { assignment: 'fixed' } });
    expect(r.unassigned.pads).toEqual(victim.pads);
    expect(r.unassigned.bumps).toEqual(victim.bumps);
    expect(r.routed).toBe(35);
    for (const n of r.nets) expect(map.get(n.bumps[0])).toBe(n.net);
  });
});

describe('bad input', () => {
  const base = makeCase('6x6', 'amkor-0.4', AMKOR_6X6).problem;
  const bad = (patch: Record<string, unknown>) => () => routeDie({ ...base, ...patch } as never);

  it('rejects unknown options and keys by name', () => {
    expect(bad({ options: { maxIteration: 3 } })).toThrow(/unknown option 'maxIteration'/);
    expect(bad({ extra: 1 })).toThrow(/unknown key 'extra'/);
  });

  it('rejects off-grid coordinates, duplicate names and a bad assignment mode', () => {
    expect(bad({ pads: [{ ...base.pads[0], x: 0.5 }] })).toThrow(InputError);
    expect(bad({ pads: [base.pads[0], base.pads[0]] })).toThrow(/used twice/);
    expect(bad({ options: { assignment: 'magic' } })).toThrow(/auto, fixed, map/);
  });

  it('rejects a tie wider than the trace or narrower than the rule', () => {
    expect(bad({ options: { ties: { width: 20_000 } } })).toThrow(/ties.width/);
    expect(bad({ options: { ties: { width: 6_000 } } })).toThrow(/rdl.minWidth/);
  });
});
