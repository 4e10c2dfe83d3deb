/**
 * Cell cache and naming: same parameters -> the same frozen object and name; different parameters ->
 * different names (fast-check over random parameter sets of every cell kind); names are valid GDS
 * names; technologies are told apart by content, not by object; the registry refuses a shared name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Library, type Cell } from '../../src/core/index.ts';
import { gdsBytes, readGds } from '../../src/io/gds/index.ts';
import { applyOverrides, preset, withTiers } from '../../src/tech/index.ts';
import {
  alignmentCross,
  alignmentVernier,
  bumpStack,
  cached,
  canonicalJson,
  cornerMarks,
  dieOutline,
  netLabel,
  padStackCell,
  post,
  sealRing,
  stableHash,
  terminalOpening,
  textPolygons,
  tsv,
} from '../../cells/index.ts';

const NAME = /^[A-Za-z0-9_$?.-]+$/;
const TECHS = ['amkor-0.4', 'amkor-0.5', 'deca-0.4'].map((n) => preset(n));
const techArb = fc.constantFrom(...TECHS);
const even = (min: number, max: number) => fc.integer({ min: min / 2, max: max / 2 }).map((v) => 2 * v);

/** One random cell request: the cell function call and a key of its (normalised) inputs. */
interface Request {
  key: string;
  make: () => Cell;
}

const requests: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ t: techArb, w: fc.integer({ min: 50_000, max: 52_000 }), h: fc.integer({ min: 50_000, max: 52_000 }) }).map(({ t, w, h }) => ({
    key: `pad|${t.name}|${w}|${h}`,
    make: () => padStackCell(t, { width: w, height: h }),
  })),
  fc.record({ t: techArb, w: fc.integer({ min: 1_000_000, max: 1_000_040 }), h: fc.integer({ min: 1_000_000, max: 1_000_040 }), rw: fc.integer({ min: 10_000, max: 10_010 }), inset: fc.integer({ min: 0, max: 5 }), c: fc.integer({ min: 0, max: 3 }) }).map(
    ({ t, w, h, rw, inset, c }) => ({ key: `seal|${t.name}|${w}|${h}|${rw}|${inset}|${c}`, make: () => sealRing(t, { width: w, height: h, ringWidth: rw, inset, chamfer: c }) }),
  ),
  fc.record({ t: techArb, w: fc.integer({ min: 1, max: 30 }), h: fc.integer({ min: 1, max: 30 }), s: fc.option(even(2, 6), { nil: undefined }) }).map(({ t, w, h, s }) => ({
    key: `die|${t.name}|${w}|${h}|${s}`,
    make: () => dieOutline(t, { width: w, height: h, ...(s !== undefined ? { street: s } : {}) }),
  })),
  fc.record({ t: techArb, size: even(70_000, 70_020), line: even(20_000, 20_006), layer: fc.constantFrom('MARK', 'RDL') }).map(({ t, size, line, layer }) => ({
    key: `cross|${t.name}|${size}|${line}|${layer}`,
    make: () => alignmentCross(t, { size, line, layer }),
  })),
  fc.record({ t: techArb, street: even(40_000, 40_010), arm: fc.integer({ min: 50_000, max: 50_005 }) }).map(({ t, street, arm }) => ({
    key: `corner|${t.name}|${street}|${arm}`,
    make: () => cornerMarks(t, { width: 1_000_000, height: 1_000_000, street, arm }),
  })),
  fc.record({ t: techArb, step: fc.integer({ min: 500, max: 505 }), count: fc.constantFrom(3, 5) }).map(({ t, step, count }) => ({
    key: `vernier|${t.name}|${step}|${count}`,
    make: () => alignmentVernier(t, { step, count }),
  })),
  fc.record({ t: techArb, dUbm: even(0, 8), dCap: even(0, 8), sides: fc.constantFrom(8, 16) }).map(({ t, dUbm, dCap, sides }) => {
    const c = t.construction;
    return { key: `bump|${t.name}|${dUbm}|${dCap}|${sides}`, make: () => bumpStack(t, { ubm: c.ubm.diameter + dUbm, capture: c.capture.diameter + dUbm + dCap, sides }) };
  }),
  fc.record({ t: techArb, d: even(10_000, 10_010), h: fc.integer({ min: 1, max: 5 }), second: fc.boolean() }).map(({ t, d, h, second }) => ({
    key: `post|${t.name}|${d}|${h}|${second}`,
    make: () => post(t, { diameter: d, height: h, sides: 8, ...(second ? { second: { diameter: d, height: h } } : {}) }),
  })),
  fc.record({ t: techArb, tiers: fc.constantFrom(2, 3), keepOut: fc.integer({ min: 0, max: 3 }) }).map(({ t, tiers, keepOut }) => ({
    key: `tsv|${t.name}|${tiers}|${keepOut}`,
    make: () => tsv(withTiers(t, tiers), { keepOut, sides: 8 }),
  })),
  fc.record({ t: techArb, r2: fc.integer({ min: 50_000, max: 50_004 }) }).map(({ t, r2 }) => ({
    key: `terminal|${t.name}|${r2}`,
    make: () => terminalOpening(t, { resin2: r2, sides: 8 }),
  })),
  fc.record({ text: fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom(...'AB01 -_.:/'.split('')) }).filter((s) => s.trim().length > 0), h: fc.integer({ min: 14, max: 100 }) }).map(({ text, h }) => ({
    // Heights map to 7 x 2 floor(h / 14): requests of the same unit are the same cell.
    key: `text|${text}|${2 * Math.floor(h / 14)}`,
    make: () => textPolygons(text, { height: h, layer: [81, 0] }),
  })),
  fc.record({ t: techArb, net: fc.string({ minLength: 1, maxLength: 5, unit: fc.constantFrom(...'aA1_<>[]'.split('')) }) }).map(({ t, net }) => ({
    key: `net|${t.name}|${net}`,
    make: () => netLabel(t, { net }),
  })),
);

describe('cell cache', () => {
  it('property: same parameters -> same frozen object; different parameters -> different, valid names', () => {
    const byName = new Map<string, string>();
    const byKey = new Map<string, Cell>();
    fc.assert(
      fc.property(fc.array(requests, { minLength: 1, maxLength: 20 }), (reqs) => {
        for (const r of reqs) {
          const c = r.make();
          expect(c.frozen).toBe(true);
          expect(c.name).toMatch(NAME);
          expect(r.make()).toBe(c);
          const seen = byKey.get(r.key);
          if (seen) expect(seen).toBe(c);
          else byKey.set(r.key, c);
          const owner = byName.get(c.name);
          if (owner !== undefined) expect(owner, `name ${c.name} shared by two parameter sets`).toBe(r.key);
          else byName.set(c.name, r.key);
        }
      }),
      { numRuns: 150, seed: 20261123 },
    );
    expect(byName.size).toBe(byKey.size);
  });

  it('frozen cells refuse changes and say how to copy', () => {
    const c = bumpStack(preset('amkor-0.4'));
    expect(() => c.addBox([1, 0], 0, 0, 1, 1)).toThrow(/frozen.*copy/);
    expect(() => {
      (c.settings as Record<string, unknown>).pi2 = 1;
    }).toThrow();
    expect(c.copy('MINE').frozen).toBe(false);
  });

  it('names technologies by content: presets by name, derived technologies with a content hash', () => {
    const base = preset('amkor-0.4');
    expect(bumpStack(base).name).toBe('BUMPSTACK_amkor-0.4_c235_u215_p185_b261_n360');
    const a = applyOverrides(base, { rdl: { width: 20 } });
    const b = applyOverrides(base, { rdl: { width: 20 } });
    expect(a).not.toBe(b);
    // Equal content: the same cell; a different technology: a different name.
    expect(bumpStack(a)).toBe(bumpStack(b));
    expect(bumpStack(a).name).toMatch(/^BUMPSTACK_amkor-0\.4\.[0-9a-z]{6}_c235/);
    // A preset with tiers added is still named after the preset.
    expect(tsv(withTiers(base, 2)).name).toBe('TSV_amkor-0.4_T2.TSV-T2.RDL-T1.RDL_d20_l40_k10_n144');
    expect(bumpStack(preset('amkor-0.5')).name).not.toBe(bumpStack(base).name);
  });

  it('every cell of a library written to GDS keeps its name through KLayout-style reading', () => {
    const t = preset('deca-0.4');
    const cells = [bumpStack(t), padStackCell(t, { width: 60_000 }), textPolygons('ID: 7/A', { height: 70_000, layer: [81, 0] }), netLabel(t, { net: 'N<3>' })];
    const lib = new Library('NAMES').add(...cells);
    const back = readGds(gdsBytes(lib)).library;
    expect(back.cells.map((c) => c.name).sort()).toEqual(cells.map((c) => c.name).sort());
  });

  it('refuses to give one name to two parameter sets', () => {
    const build = (c: Cell) => void c.addBox([1, 0], 0, 0, 10, 10);
    cached('TESTSAME', { a: 1 }, build, { readable: ['x'], lossless: true });
    expect(() => cached('TESTSAME', { a: 2 }, build, { readable: ['x'], lossless: true })).toThrow(/shared by two parameter sets/);
    // With the parameter hash (the default) the names differ.
    expect(cached('TESTSAME', { a: 2 }, build, { readable: ['x'] }).name).not.toBe('TESTSAME_x');
  });

  it('canonical parameters sort keys and hash stably', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 'x', c: true }] })).toBe('{"a":[2,{"c":true,"d":"x"}],"b":1}');
    expect(stableHash('BUMPSTACK')).toBe(stableHash('BUMPSTACK'));
    expect(stableHash('a')).not.toBe(stableHash('b'));
    expect(stableHash('anything')).toMatch(/^[0-9a-z]{8}$/);
  });
});
