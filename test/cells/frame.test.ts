/**
 * Pad stack, die outline, seal ring, corner marks, alignment cross and vernier: the published rules
 * measured on the generated polygons for amkor-0.4, amkor-0.5 and deca-0.4, plus bad parameters.
 */
import { describe, expect, it } from 'vitest';
import { type Cell } from '../../src/core/index.ts';
import { preset, type Technology } from '../../src/tech/index.ts';
import { padStackCell } from '../../cells/pad.ts';
import { dieOutline, sealRing } from '../../cells/die.ts';
import { alignmentCross, alignmentVernier, cornerMarks } from '../../cells/marks.ts';
import { bboxCentre, bboxSize, boundaryDistance, convexWidth, enclosure, regionOn, ringsOn, separation, expectInputError } from './measure.ts';

const TECHS = ['amkor-0.4', 'amkor-0.5', 'deca-0.4'].map((n) => preset(n));

function only(cell: Cell, tech: Technology, layer: string): Int32Array {
  const r = ringsOn(cell, tech.layers[layer]);
  expect(r, `${cell.name}: one polygon on ${layer}`).toHaveLength(1);
  return r[0];
}

describe('padStackCell', () => {
  it('holds the published amkor-0.4 numbers (PI1 >= 35 um, PAD encloses PI1 >= 7.5 um, RDL encloses PI1 >= 10 um)', () => {
    const t = preset('amkor-0.4');
    expect([t.rules.pi1.minWidth, t.rules.pad.enclosesPi1, t.rules.rdl.enclosesPi1]).toEqual([35_000, 7_500, 10_000]);
    const c = padStackCell(t, { width: 50_000 });
    const pad = only(c, t, 'PAD');
    const pi1 = only(c, t, 'PI1');
    const rdl = only(c, t, 'RDL');
    expect(convexWidth(pi1)).toBeGreaterThanOrEqual(35_000);
    expect(enclosure(pi1, pad)).toBeGreaterThanOrEqual(7_500);
    expect(enclosure(pi1, rdl)).toBeGreaterThanOrEqual(10_000);
  });

  for (const t of TECHS) {
    it(`${t.name}: every pad-stack rule holds on the polygons, odd and oblong pads included`, () => {
      const r = t.rules;
      const smallest = (r.pad.minWidth ?? 0) > r.pi1.minWidth + 2 * r.pad.enclosesPi1 ? r.pad.minWidth! : r.pi1.minWidth + 2 * r.pad.enclosesPi1;
      for (const [w, h] of [[smallest, smallest], [smallest + 1, smallest + 3], [80_000, 80_000], [61_001, 120_000], [100_000, 55_555]]) {
        const c = padStackCell(t, { width: w, height: h });
        const pad = only(c, t, 'PAD');
        const pi1 = only(c, t, 'PI1');
        const rdl = only(c, t, 'RDL');
        expect(bboxSize(pad)).toEqual([w, h]);
        if (r.pad.minWidth !== undefined) expect(convexWidth(pad)).toBeGreaterThanOrEqual(r.pad.minWidth);
        expect(convexWidth(pi1)).toBeGreaterThanOrEqual(r.pi1.minWidth);
        expect(enclosure(pi1, pad)).toBeGreaterThanOrEqual(r.pad.enclosesPi1);
        expect(enclosure(pi1, rdl)).toBeGreaterThanOrEqual(r.rdl.enclosesPi1);
        expect(convexWidth(rdl)).toBeGreaterThanOrEqual(Math.max(r.rdl.minWidth, r.rdl.minPadOverPad ?? 0));
        // PI1 is as large as the PAD enclosure allows (deca.csv rdl x.1: "as large as possible").
        expect(enclosure(pi1, pad)).toBe(r.pad.enclosesPi1);
      }
    });
  }

  it('rejects bad sizes naming the parameter and the rule', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => padStackCell(t, { width: -5 }), /'width'/, /positive/);
    expectInputError(() => padStackCell(t, { width: 1.5 }), /'width'/, /integer/);
    expectInputError(() => padStackCell(t, { width: 49_000 }), /width/, /pi1\.minWidth = 35 um/, /amkor\.csv pi1\.1 @400um/);
    expectInputError(() => padStackCell(preset('deca-0.4'), { width: 34_000 }), /width/, /pad\.minWidth = 35 um/, /deca\.csv cpbo\.wlcsp\.2/);
    expectInputError(() => padStackCell(t, { width: 80_000, hieght: 5 } as never), /unknown parameter 'hieght'/);
  });
});

describe('dieOutline', () => {
  it('draws the die box and the die half of street and saw', () => {
    const t = preset('amkor-0.4');
    const c = dieOutline(t, { width: 3_000_001, height: 2_000_000, street: 100_000, saw: 40_000 });
    expect(bboxSize(only(c, t, 'DIE'))).toEqual([3_000_001, 2_000_000]);
    const street = regionOn(c, t.layers.STREET);
    expect(street).toHaveLength(1);
    expect(bboxSize(street[0].outer)).toEqual([3_100_001, 2_100_000]);
    expect(bboxSize(street[0].holes[0])).toEqual([3_000_001, 2_000_000]);
    const saw = regionOn(c, t.layers.SAW);
    expect(boundaryDistance(saw[0].outer, saw[0].holes[0])).toBe(20_000);
    expect(bboxSize(saw[0].outer)).toEqual([3_100_001, 2_100_000]);
  });

  it('rejects a saw wider than the street and odd streets', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => dieOutline(t, { width: 1e6, height: 1e6, street: 50_000, saw: 60_000 }), /'saw'/, /wider than the street/);
    expectInputError(() => dieOutline(t, { width: 1e6, height: 1e6, street: 50_001 }), /'street'/, /even/);
    expectInputError(() => dieOutline(t, { width: 0, height: 1e6 }), /'width'/, /positive/);
  });
});

describe('sealRing', () => {
  for (const t of TECHS) {
    it(`${t.name}: ring width >= seal.minWidth all around (diagonals too), outer edge at the inset`, () => {
      for (const [w, h, chamfer] of [[3_000_000, 2_000_000, undefined], [1_000_001, 1_500_003, 0], [2_000_000, 2_000_000, 7_777]] as const) {
        const c = sealRing(t, { width: w, height: h, ...(chamfer !== undefined ? { chamfer } : {}) });
        const region = regionOn(c, t.layers.SEAL);
        expect(region).toHaveLength(1);
        expect(region[0].holes).toHaveLength(1);
        const width = boundaryDistance(region[0].outer, region[0].holes[0]);
        expect(width).toBeGreaterThanOrEqual(t.rules.seal.minWidth);
        expect(width).toBeGreaterThanOrEqual(t.construction.seal.width);
        // Straight sides are exactly the ring width; the chamfered corners are no narrower.
        expect(width).toBeLessThan(t.construction.seal.width + 1);
        expect(bboxSize(region[0].outer)).toEqual([w - 2 * t.construction.seal.inset, h - 2 * t.construction.seal.inset]);
        // Concentric with the die (die box is [-floor(w/2), w - floor(w/2)]).
        const [cx, cy] = bboxCentre(region[0].outer);
        expect([cx, cy]).toEqual(bboxCentre(region[0].holes[0]));
      }
    });
  }

  it('rejects a ring below seal.minWidth and a die too small for it', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => sealRing(t, { width: 1e6, height: 1e6, ringWidth: 5_000 }), /'ringWidth'/, /seal\.minWidth = 10 um/, /wlpgen default/);
    expectInputError(() => sealRing(t, { width: 100_000, height: 1e6 }), /'width'/, /no room/);
    expectInputError(() => sealRing(t, { width: 1e6, height: 1e6, inset: -1 }), /'inset'/);
  });
});

describe('marks', () => {
  it('corner marks: four L marks of the line width inside the die half street', () => {
    const t = preset('amkor-0.4');
    const c = cornerMarks(t, { width: 2_000_000, height: 1_000_000, street: 80_000, line: 10_000, arm: 100_000, gap: 5_000 });
    const marks = ringsOn(c, t.layers.MARK);
    expect(marks).toHaveLength(4);
    const die = [-1_000_000, -500_000, 1_000_000, 500_000];
    for (const m of marks) {
      expect(bboxSize(m)).toEqual([100_000, 100_000]);
      // Every vertex outside the die box by at least the gap and within the half street.
      for (let i = 0; i < m.length; i += 2) {
        const dx = Math.max(die[0] - m[i], m[i] - die[2], 0);
        const dy = Math.max(die[1] - m[i + 1], m[i + 1] - die[3], 0);
        expect(Math.max(dx, dy)).toBeLessThanOrEqual(40_000);
      }
    }
    expectInputError(() => cornerMarks(t, { width: 1e6, height: 1e6, street: 20_000, line: 10_000, gap: 5_000 }), /'line'/, /half street/);
  });

  it('alignment cross: one polygon, bars of the line width', () => {
    const t = preset('deca-0.4');
    const c = alignmentCross(t, { size: 200_000, line: 20_000 });
    const r = only(c, t, 'MARK');
    expect(r.length / 2).toBe(12);
    expect(bboxSize(r)).toEqual([200_000, 200_000]);
    expectInputError(() => alignmentCross(t, { size: 50_000, line: 20_000 }), /'size'/, /3 x line/);
    expectInputError(() => alignmentCross(t, { line: 15_001, layer: 'RDL' }), /'line'/, /even/);
    expectInputError(() => alignmentCross(t, { line: 8_000, layer: 'RDL' }), /'line'/, /rdl\.minWidth = 10 um/);
  });

  for (const t of TECHS) {
    it(`${t.name}: vernier ticks meet the width and space rules of both layers`, () => {
      const c = alignmentVernier(t);
      const ref = ringsOn(c, t.layers.PI1);
      const test = ringsOn(c, t.layers.RDL);
      expect(ref).toHaveLength(22);
      expect(test).toHaveLength(22);
      for (const r of ref) expect(convexWidth(r)).toBeGreaterThanOrEqual(t.rules.pi1.minWidth);
      for (const r of test) expect(convexWidth(r)).toBeGreaterThanOrEqual(t.rules.rdl.minWidth);
      const minGap = (rings: Int32Array[]) => {
        let g = Infinity;
        for (let i = 0; i < rings.length; i++) for (let j = i + 1; j < rings.length; j++) g = Math.min(g, separation([rings[i]], [rings[j]]));
        return g;
      };
      expect(minGap(ref)).toBeGreaterThanOrEqual(t.rules.pi1.minSpace ?? 0);
      expect(minGap(test)).toBeGreaterThanOrEqual(t.rules.rdl.minSpace);
      // The centre ticks of the x scale line up; the next pair is off by exactly one step.
      const s = c.settings as { pitch: number; step: number };
      const centres = (rings: Int32Array[]) => rings.map((r) => bboxCentre(r)).filter(([, y]) => Math.abs(y) < 300_000).map(([x]) => x).sort((a, b) => a - b);
      const rc = centres(ref);
      const tc = centres(test);
      expect(rc[5]).toBe(0);
      expect(tc[5]).toBe(0);
      expect(tc[6] - rc[6]).toBe(s.step);
    });
  }

  it('vernier: bad parameters name the rule', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => alignmentVernier(t, { tick: 20_000 }), /'tick'/, /pi1\.minWidth = 35 um/, /amkor\.csv pi1\.1/);
    expectInputError(() => alignmentVernier(t, { pitch: 50_000 }), /'pitch'/, /pi1\.minSpace = 20 um/);
    expectInputError(() => alignmentVernier(t, { count: 10 }), /'count'/, /odd/);
    expectInputError(() => alignmentVernier(t, { test: 'PI1' }), /'test'/);
    expectInputError(() => alignmentVernier(t, { ref: 'NOPE' }), /'ref'/, /no such layer/);
  });
});
