/**
 * The RDL router on generated dies: a peripheral pad ring to a full and to a depopulated ball array,
 * at amkor-0.4 rules (15/15 um traces, 400 um pitch) and at the fine-10 rules (10/10 um). Every
 * check is measured on the output polygons and centrelines (check.ts), not on router internals.
 */
import { describe, expect, it } from 'vitest';
import { routeDie } from '../../src/route/index.ts';
import type { RouteResult } from '../../src/route/types.ts';
import { AMKOR_6X6, AMKOR_7X7_DEPOP, FINE_8X8, FINE_PERIMETER, makeCase, type TestCase } from './cases.ts';
import { connectivityCheck, keepOutCheck, octilinearCheck, selfApproachCheck, spacingCheck, widthCheck } from './check.ts';

const CASES: TestCase[] = [
  makeCase('amkor-0.4: 36 pads -> full 6 x 6', 'amkor-0.4', AMKOR_6X6),
  makeCase('amkor-0.4: 40 pads -> 7 x 7 with the centre 3 x 3 depopulated', 'amkor-0.4', AMKOR_7X7_DEPOP),
  makeCase('fine-10 (10/10 um): 64 pads -> full 8 x 8 at 140 um', 'fine-10', FINE_8X8),
  makeCase('fine-10 (10/10 um): 80 pads -> 12 x 12 perimeter array, 2 rows deep', 'fine-10', FINE_PERIMETER),
];

describe.each(CASES)('$name', ({ problem }) => {
  const tech = problem.tech;
  const { width: w, space: s } = tech.construction.rdl;
  const keepOut = tech.construction.seal.inset + tech.construction.seal.width + s;
  let result: RouteResult;
  const get = () => (result ??= routeDie(problem));

  it('routes 100 % of the nets, every pad and bump with a partner', () => {
    const r = get();
    expect(r.failed, r.nets.filter((n) => !n.routed).map((n) => `${n.net}: ${n.reason}`).join('\n')).toBe(0);
    expect(r.routed).toBe(problem.pads.length);
    expect(r.unassigned).toEqual({ pads: [], bumps: [] });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Each pad and each bump in exactly one net.
    expect(new Set(r.nets.flatMap((n) => n.pads)).size).toBe(problem.pads.length);
    expect(new Set(r.nets.flatMap((n) => n.bumps)).size).toBe(problem.bumps.length);
  });

  it('keeps at least the rule space between different nets (exact distances on the output polygons)', () => {
    const { violations, min } = spacingCheck(get(), s);
    expect(violations).toEqual([]);
    expect(min).toBeGreaterThanOrEqual(s - 1e-6);
  });

  it('is at least the trace width along every centreline', () => {
    expect(widthCheck(get(), w)).toEqual([]);
  });

  it('merges into exactly one island per net, touching exactly its own pads and bumps', () => {
    expect(connectivityCheck(get(), problem.pads, problem.bumps)).toEqual([]);
  });

  it('runs octilinear centrelines with no turn sharper than 90 degrees, never doubling back on itself', () => {
    expect(octilinearCheck(get())).toEqual([]);
    expect(selfApproachCheck(get())).toEqual([]);
  });

  it('keeps all metal inside the die minus the seal-ring keep-out band', () => {
    expect(keepOutCheck(get(), problem.die.width, problem.die.height, keepOut)).toEqual([]);
  });

  it('stays within 1.3 x the octilinear lower bound, and no net beats its own bound', () => {
    const r = get();
    expect(r.ratio).toBeLessThanOrEqual(1.3);
    expect(r.ratio).toBeGreaterThanOrEqual(1);
    for (const n of r.nets) expect(n.lengthUm).toBeGreaterThanOrEqual(n.lowerBoundUm - 1e-6);
    expect(r.wirelengthUm).toBeCloseTo(r.nets.reduce((a, n) => a + n.lengthUm, 0), 6);
  });

  it('labels every bump with its net name at the bump centre', () => {
    const r = get();
    expect(r.labels).toHaveLength(problem.bumps.length);
    for (const n of r.nets) {
      for (const b of n.bumps) {
        const site = problem.bumps.find((q) => q.name === b)!;
        expect(r.labels).toContainEqual({ text: n.net, x: site.x, y: site.y });
      }
    }
  });

  it('is deterministic', () => {
    const again = routeDie(problem);
    expect(again.nets.map((n) => [n.net, n.bumps, n.paths])).toEqual(get().nets.map((n) => [n.net, n.bumps, n.paths]));
    expect(again.nets.map((n) => n.polygons.map((p) => Array.from(p)))).toEqual(get().nets.map((n) => n.polygons.map((p) => Array.from(p))));
  });
});
