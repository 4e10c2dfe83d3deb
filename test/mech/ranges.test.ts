import { describe, expect, it } from 'vitest';
import { PROCESS_RANGES, postWarnings, processRangeWarnings, type ProcessDimensions } from '../../src/mech/index.ts';

describe('seed range warnings', () => {
  // [key, min, max, seed file]: the numbers as the seeds state them.
  const table: Array<[keyof ProcessDimensions, number, number, string]> = [
    ['postWidthUm', 10, 200, '004_4a9ca5a6f4f40c15.txt'],
    ['polymerThicknessUm', 20, 250, '004_4a9ca5a6f4f40c15.txt'],
    ['postProjectionUm', 10, 75, '004_4a9ca5a6f4f40c15.txt'],
    ['columnHeightUm', 10, 200, '003_e3a8a241296e22f5.txt'],
    ['resinTotalThicknessUm', 50, 500, '002_024935d99ca6f9f0.txt'],
    ['insulatingLayerThicknessUm', 10, 75, '000_bc44067fbf77c9d8.txt'],
    ['resinSealingThicknessUm', 50, 90, '000_bc44067fbf77c9d8.txt'],
    ['heatRadiationLayerThicknessUm', 0.1, 1, '000_bc44067fbf77c9d8.txt'],
  ];

  for (const [key, min, max, seed] of table) {
    it(`${key}: ${min}-${max} (${seed})`, () => {
      expect(PROCESS_RANGES.find((r) => r.key === key)).toMatchObject({ min, max, seed });
      // On the boundaries and inside: no warning.
      for (const v of [min, (min + max) / 2, max]) expect(processRangeWarnings({ [key]: v })).toEqual([]);
      // Just outside: a warning quoting the seed file and the range.
      for (const v of [min * 0.99, max * 1.01]) {
        const w = processRangeWarnings({ [key]: v });
        expect(w).toHaveLength(1);
        expect(w[0].severity).toBe('warning');
        expect(w[0].message).toContain(seed);
        expect(w[0].message).toContain(`${min}-${max}`);
        expect(w[0].message).toContain(v < min ? 'below' : 'above');
        expect(w[0].message).toContain(`${key} = ${v}`);
      }
    });
  }

  it('several dimensions at once, one warning each out of range', () => {
    const w = processRangeWarnings({ postWidthUm: 250, polymerThicknessUm: 100, postProjectionUm: 5, resinSealingThicknessUm: 95 });
    expect(w.map((d) => d.code)).toEqual(['W_POST_WIDTH', 'W_POST_PROJECTION', 'W_SEALING_THICKNESS']);
  });

  it('post warnings: width vs seed 004, height vs seed 003, stubby posts noted', () => {
    expect(postWarnings({ section: { shape: 'round', diameterUm: 30 }, heightUm: 150 })).toEqual([]);
    const w = postWarnings({ section: { shape: 'round', diameterUm: 250 }, heightUm: 220 });
    expect(w.map((d) => d.code)).toEqual(['W_POST_WIDTH', 'W_COLUMN_HEIGHT', 'I_POST_STUBBY']);
    expect(w[0].message).toContain('004_4a9ca5a6f4f40c15.txt');
    expect(w[1].message).toContain('003_e3a8a241296e22f5.txt');
    expect(w[2].severity).toBe('info');
    const r = postWarnings({ section: { shape: 'rect', xUm: 5, yUm: 40 }, heightUm: 100 }, { postProjectionUm: 80 });
    expect(r.map((d) => d.code)).toEqual(['W_POST_WIDTH', 'W_POST_PROJECTION']);
  });

  it('bad values throw InputError naming the key', () => {
    expect(() => processRangeWarnings({ postWidthUm: 0 })).toThrow(/postWidthUm: 0 must be > 0/);
    expect(() => processRangeWarnings({ polymerThicknessUm: -20 })).toThrow(/polymerThicknessUm: -20 must be > 0/);
    expect(() => processRangeWarnings({ columnHeightUm: NaN })).toThrow(/columnHeightUm: expected a finite number/);
    expect(() => processRangeWarnings({ postHeight: 10 } as never)).toThrow(/postHeight: unknown dimension/);
    expect(() => postWarnings({ section: { shape: 'round', diameterUm: -1 }, heightUm: 10 })).toThrow(/post.section.diameterUm: -1 must be > 0/);
  });
});
