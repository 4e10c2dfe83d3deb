/**
 * Bump stack, post, TSV and the two-stage terminal: every published width and enclosure rule
 * measured on the generated polygons (never on the parameters) for amkor-0.4, amkor-0.5 and deca-0.4,
 * plus bad parameters that must name the parameter and the rule.
 */
import { describe, expect, it } from 'vitest';
import { type Cell } from '../../src/core/index.ts';
import { applyOverrides, preset, withTiers, type Technology } from '../../src/tech/index.ts';
import { bumpStack } from '../../cells/bump.ts';
import { POST_PROPERTY, post } from '../../cells/post.ts';
import { tsv } from '../../cells/tsv.ts';
import { terminalOpening } from '../../cells/terminal.ts';
import { bboxCentre, boundaryDistance, convexWidth, enclosure, isConvex, pointToBoundary, regionOn, ringsOn, shortestEdge, expectInputError } from './measure.ts';

const TECHS = ['amkor-0.4', 'amkor-0.5', 'deca-0.4'].map((n) => preset(n));

function one(cell: Cell, layer: { layer: number; datatype: number }, what: string): Int32Array {
  const r = ringsOn(cell, layer);
  expect(r, `${cell.name}: one polygon on ${what}`).toHaveLength(1);
  return r[0];
}

/** Largest distance of a vertex from the origin. */
function maxRadius(r: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < r.length; i += 2) m = Math.max(m, Math.hypot(r[i], r[i + 1]));
  return m;
}

/** Whether the ring's vertex set is invariant under x -> -x, y -> -y and x <-> y. */
function symmetric8(r: ArrayLike<number>): boolean {
  const set = new Set<string>();
  for (let i = 0; i < r.length; i += 2) set.add(`${r[i]},${r[i + 1]}`);
  for (let i = 0; i < r.length; i += 2) {
    const x = r[i];
    const y = r[i + 1];
    for (const [u, v] of [[-x, y], [x, -y], [y, x]]) if (!set.has(`${u},${v}`)) return false;
  }
  return true;
}

describe('bumpStack', () => {
  it('amkor-0.4: the published numbers hold on the polygons (PI2 >= 170, UBM >= 215, UBM encloses PI2 >= 15, RDL encloses UBM >= 10, bump >= 261 um)', () => {
    const t = preset('amkor-0.4');
    const r = t.rules;
    expect([r.pi2.minWidth, r.ubm.minWidth, r.ubm.enclosesPi2, r.rdl.enclosesUbm, r.bump.minWidth]).toEqual([170_000, 215_000, 15_000, 10_000, 261_000]);
    const c = bumpStack(t);
    const pi2 = one(c, t.layers.PI2, 'PI2');
    const ubm = one(c, t.layers.UBM, 'UBM');
    const cap = one(c, t.layers.RDL, 'RDL');
    const ball = one(c, t.layers.BUMP, 'BUMP');
    expect(convexWidth(pi2)).toBeGreaterThanOrEqual(170_000);
    expect(convexWidth(ubm)).toBeGreaterThanOrEqual(215_000);
    expect(enclosure(pi2, ubm)).toBeGreaterThanOrEqual(15_000);
    expect(enclosure(ubm, cap)).toBeGreaterThanOrEqual(10_000);
    expect(convexWidth(ball)).toBeGreaterThanOrEqual(261_000);
    // Sized for the polygons, not the circles: the tight UBM and capture pad were grown by what
    // snapping and a checker's rounding of short edge lengths (d x 0.5 / edge, cells/internal/measure.ts)
    // can take away, and no more.
    const drawn = (c.settings as { drawn: Record<string, number> }).drawn;
    const allowance = (d: number, ring: Int32Array) => (d * 0.5) / (shortestEdge(ring) - 0.5) + 4;
    expect(drawn.ubm).toBeGreaterThan(215_000);
    expect(drawn.ubm - 215_000).toBeLessThanOrEqual(allowance(215_000, ubm));
    expect(drawn.capture - Math.max(235_000, drawn.ubm + 20_000)).toBeLessThanOrEqual(2 * allowance(10_000, cap) + allowance(235_000, cap));
  });

  for (const t of TECHS) {
    it(`${t.name}: every width and enclosure rule holds, for octagons to 256-gons and non-default sizes`, () => {
      const r = t.rules;
      const cons = t.construction;
      const variants = [
        {},
        { sides: 8 },
        { sides: 16 },
        { sides: 256 },
        { pi2: r.pi2.minWidth + (r.pi2.minWidth % 2), ubm: Math.max(r.ubm.minWidth, r.pi2.minWidth + 2 * r.ubm.enclosesPi2) },
        { ubm: cons.ubm.diameter + 20_000, capture: cons.capture.diameter + 20_000, bump: cons.bump.diameter + 10_000, sides: 32 },
      ];
      for (const v of variants) {
        const c = bumpStack(t, v);
        const pi2 = one(c, t.layers.PI2, 'PI2');
        const ubm = one(c, t.layers.UBM, 'UBM');
        const cap = one(c, t.layers[cons.topMetal], 'capture pad');
        const ball = one(c, t.layers.BUMP, 'BUMP');
        for (const g of [pi2, ubm, cap, ball]) {
          expect(isConvex(g)).toBe(true);
          expect(symmetric8(g)).toBe(true);
          expect(bboxCentre(g)).toEqual([0, 0]);
        }
        expect(convexWidth(pi2)).toBeGreaterThanOrEqual(r.pi2.minWidth);
        expect(convexWidth(ubm)).toBeGreaterThanOrEqual(r.ubm.minWidth);
        expect(enclosure(pi2, ubm)).toBeGreaterThanOrEqual(r.ubm.enclosesPi2);
        if (r.rdl.enclosesUbm !== undefined) expect(enclosure(ubm, cap)).toBeGreaterThanOrEqual(r.rdl.enclosesUbm);
        if (r.rdl.enclosesPi2 !== undefined) expect(enclosure(pi2, cap)).toBeGreaterThanOrEqual(r.rdl.enclosesPi2);
        if (r.rdl.minCapturePad !== undefined) expect(convexWidth(cap)).toBeGreaterThanOrEqual(r.rdl.minCapturePad);
        expect(convexWidth(cap)).toBeGreaterThanOrEqual(r.rdl.minWidth);
        expect(convexWidth(ball)).toBeGreaterThanOrEqual(r.bump.minWidth);
      }
    });
  }

  it('an enclosure between polygons is smaller than the difference of their circles unless sized for the polygons', () => {
    // Octagons inscribed in circles 30 um apart in diameter are only 15 cos(pi/8) = 13.9 um apart
    // edge to edge: the stack instead sizes across flats, where the difference is exact.
    const t = preset('amkor-0.4');
    const c = bumpStack(t, { sides: 8 });
    const pi2 = one(c, t.layers.PI2, 'PI2');
    const ubm = one(c, t.layers.UBM, 'UBM');
    expect(maxRadius(ubm) - maxRadius(pi2)).toBeGreaterThan(15_000);
    expect(boundaryDistance(pi2, ubm)).toBeGreaterThanOrEqual(15_000);
    expect(boundaryDistance(pi2, ubm)).toBeLessThan(15_010);
  });

  it('a two-metal technology puts the capture pad on RDL2', () => {
    const t = preset('generic');
    const c = bumpStack(t);
    expect(ringsOn(c, t.layers.RDL2)).toHaveLength(1);
    expect(ringsOn(c, t.layers.RDL)).toHaveLength(0);
  });

  it('rejects bad parameters naming the parameter and the rule with its source', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => bumpStack(t, { ubm: 200_000 }), /'ubm' = 200 um/, /ubm\.minWidth = 215 um/, /amkor\.csv ubm\.1 @400um/);
    expectInputError(() => bumpStack(t, { pi2: 200_000, ubm: 220_000 }), /'ubm' = 220 um cannot enclose pi2 = 200 um/, /ubm\.enclosesPi2 = 15 um/, /amkor\.csv ubm\.3 @400um/);
    expectInputError(() => bumpStack(t, { capture: 230_000 }), /'capture'/, /rdl\.enclosesUbm = 10 um/, /amkor\.csv ubm\.4/);
    expectInputError(() => bumpStack(t, { pi2: 160_000 }), /'pi2'/, /pi2\.minWidth = 170 um/);
    expectInputError(() => bumpStack(t, { bump: 250_000 }), /'bump'/, /bump\.minWidth = 261 um/);
    expectInputError(() => bumpStack(t, { bump: -261_000 }), /'bump'/, /positive/);
    expectInputError(() => bumpStack(t, { ubm: 215_001 }), /'ubm'/, /even/);
    expectInputError(() => bumpStack(t, { sides: 12 }), /'sides'/, /multiple of 8/);
    expectInputError(() => bumpStack('amkor-0.4' as never), /'tech'/, /preset\('amkor-0\.4'\)/);
    expectInputError(() => bumpStack(t, { ubm: 215_000, pitch: 1 } as never), /unknown parameter 'pitch'/);
    expectInputError(() => bumpStack(preset('deca-0.4'), { capture: 230_000 }), /'capture'/, /rdl\.minCapturePad = 235 um/, /deca\.csv cpmm2\.wlcsp\.4/);
  });

  it('follows design overrides of the construction numbers', () => {
    const t = applyOverrides(preset('amkor-0.4'), { ubm: { diameter: 240 } });
    const c = bumpStack(t);
    expect(convexWidth(one(c, t.layers.UBM, 'UBM'))).toBeGreaterThanOrEqual(240_000);
    expect(c.name).not.toBe(bumpStack(preset('amkor-0.4')).name);
  });
});

describe('post', () => {
  for (const t of TECHS) {
    it(`${t.name}: across flats >= post.minWidth, across corners <= post.maxWidth, diameter and height as properties`, () => {
      const r = t.rules.post;
      for (const d of [r.minWidth, 150_000, r.maxWidth, t.construction.post.diameter]) {
        const c = post(t, { diameter: d, height: 80_000 });
        const p = one(c, t.layers.POST, 'POST');
        expect(convexWidth(p)).toBeGreaterThanOrEqual(r.minWidth);
        expect(2 * maxRadius(p)).toBeLessThanOrEqual(r.maxWidth);
        const props = c.polygons[0].properties ?? [];
        expect(props).toContainEqual({ attr: POST_PROPERTY.diameter, value: `diameter_um=${d / 1000}` });
        expect(props).toContainEqual({ attr: POST_PROPERTY.height, value: 'height_um=80' });
        expect(c.settings).toMatchObject({ diameter: d, height: 80_000 });
      }
    });
  }

  it('draws a stacked second section on its own layer with its own properties', () => {
    const t = preset('amkor-0.4');
    const c = post(t, { diameter: 150_000, height: 100_000, second: { diameter: 120_000, height: 60_000 } });
    expect(one(c, t.layers.POST, 'POST')).toBeDefined();
    const second = c.polygons.find((p) => p.datatype !== t.layers.POST.datatype)!;
    expect([second.layer, second.datatype]).toEqual([t.layers.POST.layer, 1]);
    expect(convexWidth(second.points)).toBeGreaterThanOrEqual(120_000);
    expect(second.properties).toContainEqual({ attr: POST_PROPERTY.height, value: 'height_um=60' });
    expect(c.settings.totalHeight).toBe(160_000);
  });

  it('rejects bad parameters naming the parameter and the rule', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => post(t, { diameter: 8_000 }), /'diameter' = 8 um/, /post\.minWidth = 10 um/, /wlpgen default/);
    expectInputError(() => post(t, { diameter: 210_000 }), /'diameter'/, /post\.maxWidth = 200 um/);
    expectInputError(() => post(t, { height: 0 }), /'height'/, /positive/);
    expectInputError(() => post(t, { height: 2_000_000 }), /'height'/, /<= 1000 um/);
    expectInputError(() => post(t, { second: { diameter: 100_000 } as never }), /'second\.height'/);
    expectInputError(() => post(t, { second: { diameter: 300_000, height: 1 } }), /'second\.diameter'/, /post\.maxWidth/);
  });
});

describe('tsv', () => {
  for (const base of TECHS) {
    it(`${base.name}: hole >= tsv.minWidth; both landings enclose it by >= rdl.enclosesTsv; keep-out ring around it`, () => {
      for (const [tiers, tier] of [[2, 2], [3, 2], [3, 3]] as const) {
        const t = withTiers(base, tiers);
        const c = tsv(t, { tier });
        const hole = one(c, t.layers[`T${tier}.TSV`], 'TSV');
        const top = one(c, t.layers[`T${tier}.RDL`], 'this tier RDL');
        const bottom = one(c, t.layers[`T${tier - 1}.RDL`], 'tier below RDL');
        expect(convexWidth(hole)).toBeGreaterThanOrEqual(t.rules.tsv.minWidth);
        expect(enclosure(hole, top)).toBeGreaterThanOrEqual(t.rules.rdl.enclosesTsv);
        expect(enclosure(hole, bottom)).toBeGreaterThanOrEqual(t.rules.rdl.enclosesTsv);
        expect(convexWidth(top)).toBeGreaterThanOrEqual(t.rules.rdl.minWidth);
        const tsvLayer = t.layers[`T${tier}.TSV`];
        const koz = regionOn(c, { layer: tsvLayer.layer, datatype: tsvLayer.datatype + 1 });
        expect(koz).toHaveLength(1);
        expect(koz[0].holes).toHaveLength(1);
        // The ring starts at the hole's edge and is at least keepOut wide.
        expect(boundaryDistance(koz[0].holes[0], hole)).toBe(0);
        expect(boundaryDistance(koz[0].outer, koz[0].holes[0])).toBeGreaterThanOrEqual(Math.ceil(t.rules.tsv.minSpace / 2));
      }
    });
  }

  it('a single-wafer technology needs named layers; bad sizes name the rule', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => tsv(t), /'tier'/, /withTiers/);
    const c = tsv(t, { layers: { hole: 'TSV', top: 'RDL', bottom: 'PAD' } });
    expect(enclosure(one(c, t.layers.TSV, 'TSV'), one(c, t.layers.PAD, 'PAD'))).toBeGreaterThanOrEqual(t.rules.rdl.enclosesTsv);
    const t2 = withTiers(t, 2);
    expectInputError(() => tsv(t2, { diameter: 10_000 }), /'diameter'/, /tsv\.minWidth = 20 um/);
    expectInputError(() => tsv(t2, { landing: 30_000 }), /'landing' = 30 um cannot enclose diameter = 20 um/, /rdl\.enclosesTsv = 10 um/);
    expectInputError(() => tsv(t2, { tier: 1 }), /'tier'/, /2\.\.2/);
    expectInputError(() => tsv(t2, { tier: 2, layers: { hole: 'TSV', top: 'RDL', bottom: 'PAD' } }), /'layers'/);
    expectInputError(() => tsv(t, { layers: { hole: 'TSV', top: 'RDL', bottom: 'XYZ' } }), /'layers\.bottom'/, /no such layer/);
  });
});

describe('terminalOpening', () => {
  /** The first terminal's radius at height z from the document's spherical-segment geometry. */
  function radiusAt(o1: number, t1: number, h: number, z: number): number {
    const a = o1 / 2;
    const hc = h - t1;
    const R = (a * a + hc * hc) / (2 * hc);
    return Math.sqrt(R * R - (z - (h - R)) ** 2);
  }

  for (const t of TECHS) {
    it(`${t.name}: first opening and land meet the PI2 and RDL rules; the second opening stays inside the terminal`, () => {
      for (const o of [{}, { resin1: 40_000, resin2: 100_000, height: 150_000, opening1: 240_000, land: 280_000 }, { resin2: 30_000, sides: 8 }]) {
        const c = terminalOpening(t, o);
        const s = c.settings as { opening1: number; resin1: number; resin2: number; height: number; opening2: number };
        const land = one(c, t.layers[t.construction.topMetal], 'land');
        const o1 = one(c, t.layers.PI2, 'first opening');
        const o2 = one(c, { layer: t.layers.PI2.layer, datatype: 1 }, 'second opening');
        expect(convexWidth(o1)).toBeGreaterThanOrEqual(t.rules.pi2.minWidth);
        expect(enclosure(o1, land)).toBeGreaterThanOrEqual(t.rules.rdl.enclosesPi2 ?? t.rules.rdl.enclosesPi1);
        const rTop = radiusAt(s.opening1, s.resin1, s.height, s.resin1 + s.resin2);
        expect(maxRadius(o2)).toBeLessThanOrEqual(rTop);
        // ...and is the largest such opening (within a few nm of the cross-section).
        expect(2 * rTop - 2 * maxRadius(o2)).toBeLessThan(4);
        expect(enclosure(o2, o1)).toBeGreaterThan(0);
        expect(convexWidth(one(c, t.layers.BUMP, 'ball'))).toBeGreaterThanOrEqual(t.rules.bump.minWidth);
        expect(s.height).toBeGreaterThan(s.resin1 + s.resin2);
      }
    });
  }

  it('rejects openings larger than the terminal allows and resins outside the documented range', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => terminalOpening(t, { opening2: 170_000 }), /'opening2' = 170 um is larger than the first terminal allows/);
    expectInputError(() => terminalOpening(t, { resin1: 20_000, resin2: 20_000 }), /'resin2'/, /50\.\.500 um/, /claim 2/);
    expectInputError(() => terminalOpening(t, { height: 70_000 }), /'height'/, /claim 3/);
    expectInputError(() => terminalOpening(t, { height: 200_000 }), /'height'/, /tapers/);
    expectInputError(() => terminalOpening(t, { opening1: 160_000 }), /'opening1'/, /pi2\.minWidth = 170 um/);
    expectInputError(() => terminalOpening(t, { land: 200_000 }), /'land' = 200 um cannot enclose opening1 = 185 um/, /rdl\.enclosesPi1 = 10 um/);
    expectInputError(() => terminalOpening(preset('deca-0.4'), { land: 236_000, opening1: 210_000 }), /'land'/, /rdl\.enclosesPi2 = 15 um/, /deca\.csv cpmm2\.wlcsp\.5/);
  });

  it('puts the second opening on a dedicated layer when the technology has PI3', () => {
    const t: Technology = preset('amkor-0.4');
    const c = terminalOpening(t);
    expect(pointToBoundary(0, 0, one(c, { layer: 30, datatype: 1 }, 'PI2/1'))).toBeGreaterThan(0);
    expect(String(c.settings.opening2LayerNote)).toMatch(/no PI3 layer/);
  });
});
