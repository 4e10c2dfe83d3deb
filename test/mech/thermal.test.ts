import { describe, expect, it } from 'vitest';
import { bumpArrayUm, dnpTable, mismatchDisplacementUm, postMismatchTable } from '../../src/mech/index.ts';

describe('thermal mismatch', () => {
  it('d = delta_alpha * delta_T * DNP with explicit units', () => {
    // 13.4 ppm/K = 13.4e-6 /K; x 165 K = 2.211e-3 (strain); x 1414.2136 um = 3.126826 um
    expect(mismatchDisplacementUm(13.4, 165, 1000 * Math.SQRT2)).toBeCloseTo(3.126826, 6);
    expect(mismatchDisplacementUm(0, 100, 500)).toBe(0);
    expect(() => mismatchDisplacementUm(10, 0, 5)).toThrow(/deltaTK: 0 must be > 0/);
    expect(() => mismatchDisplacementUm(-1, 10, 5)).toThrow(/deltaAlphaPpmPerK: -1 must be >= 0/);
    expect(() => mismatchDisplacementUm(1, 10, NaN)).toThrow(/dnpUm: expected a finite number/);
  });

  it('DNP table of a 6 x 6 array at 400 um pitch (Si die on FR-4, -40..125 C)', () => {
    // Bumps at x, y in {-1000, -600, -200, 200, 600, 1000} um. Delta alpha = 16 - 2.6 = 13.4 ppm/K,
    // delta T = 165 K, strain = 13.4e-6 * 165 = 2.211e-3. Distinct DNPs (hand, sqrt(x^2 + y^2)):
    //   (200, 200)   282.8427 um -> 0.625365 um   x 4
    //   (200, 600)   632.4555 um -> 1.398359 um   x 8
    //   (600, 600)   848.5281 um -> 1.876096 um   x 4
    //   (200, 1000) 1019.8039 um -> 2.254786 um   x 8
    //   (600, 1000) 1166.1904 um -> 2.578447 um   x 8
    //   (1000, 1000)1414.2136 um -> 3.126826 um   x 4
    const bumps = bumpArrayUm(6, 6, 400);
    expect(bumps).toHaveLength(36);
    expect(bumps[0]).toEqual([-1000, -1000]);
    expect(bumps[5]).toEqual([1000, -1000]);
    expect(bumps[35]).toEqual([1000, 1000]);
    const t = dnpTable({ bumpsUm: bumps, deltaTK: 165, dieMaterial: 'si', boardMaterial: 'fr4' });
    expect(t.deltaAlphaPpmPerK).toBeCloseTo(13.4, 12);
    const expected: Array<[number, number, number]> = [
      [282.8427, 0.625365, 4],
      [632.4555, 1.398359, 8],
      [848.5281, 1.876096, 4],
      [1019.8039, 2.254786, 8],
      [1166.1904, 2.578447, 8],
      [1414.2136, 3.126826, 4],
    ];
    for (const [dnp, d, n] of expected) {
      const rows = t.rows.filter((r) => Math.abs(r.dnpUm - dnp) < 1e-3);
      expect(rows).toHaveLength(n);
      for (const r of rows) expect(r.displacementUm).toBeCloseTo(d, 6);
    }
    expect(t.worst.index).toBe(0); // first of the four corners in input order
    expect(t.worst.dnpUm).toBeCloseTo(1414.2136, 4);
    // Radial direction: the lower-left corner moves along (-1, -1).
    expect(t.rows[0].dxUm).toBeCloseTo(-3.126826 / Math.SQRT2, 6);
    expect(t.rows[0].dyUm).toBeCloseTo(-3.126826 / Math.SQRT2, 6);
  });

  it('an off-centre neutral point moves the worst bump', () => {
    const t = dnpTable({ bumpsUm: bumpArrayUm(6, 6, 400), deltaTK: 100, deltaAlphaPpmPerK: 10, neutralPointUm: [-1000, -1000] });
    // The far corner (1000, 1000) is 2000 sqrt2 = 2828.427 um away: 10e-6 * 100 * 2828.427 = 2.828427 um.
    expect(t.worst.index).toBe(35);
    expect(t.worst.displacementUm).toBeCloseTo(2.828427, 6);
    expect(t.rows[0].displacementUm).toBe(0);
  });

  it('post force and stress per bump: the corner post of a compliant Cu post array', () => {
    // Round Cu post d = 30 um, L = 150 um, cantilever. Corner displacement 3.126826 um (above).
    // I = pi 30^4 / 64 = 39 760.78 um^4; F = 3 * 0.12 * 39 760.78 * 3.126826 / 150^3 = 0.0132613 N
    // sigma = 3 E delta c / L^2 = 3 * 0.12 * 3.126826 * 15 / 22 500 = 7.50438e-4 N/um^2 = 750.438 MPa
    const t = postMismatchTable({
      bumpsUm: bumpArrayUm(6, 6, 400),
      deltaTK: 165,
      deltaAlphaPpmPerK: 13.4,
      post: { section: { shape: 'round', diameterUm: 30 }, heightUm: 150 },
    });
    expect(t.boundary).toBe('cantilever');
    expect(t.worst.forceN).toBeCloseTo(0.0132613, 7);
    expect(t.worst.maxStressMPa).toBeCloseTo(750.438, 3);
    // Stress is proportional to DNP: the inner ring (282.8427 um) has 750.438 * 282.8427 / 1414.2136 = 150.088 MPa.
    const inner = t.rows.find((r) => Math.abs(r.dnpUm - 282.8427) < 1e-3)!;
    expect(inner.maxStressMPa).toBeCloseTo(150.088, 3);
  });

  it('bad inputs name the parameter', () => {
    const bumps = bumpArrayUm(2, 2, 100);
    expect(() => bumpArrayUm(0, 2, 100)).toThrow(/cols: 0 must be an integer >= 1/);
    expect(() => bumpArrayUm(2, 2, -100)).toThrow(/pitchUm\[0\]: -100 must be > 0/);
    expect(() => dnpTable({ bumpsUm: bumps, deltaTK: 100 })).toThrow(/deltaAlphaPpmPerK: missing/);
    expect(() => dnpTable({ bumpsUm: bumps, deltaTK: 100, deltaAlphaPpmPerK: 5, dieMaterial: 'si' })).toThrow(/not both/);
    expect(() => dnpTable({ bumpsUm: bumps, deltaTK: -5, deltaAlphaPpmPerK: 5 })).toThrow(/deltaTK: -5 must be > 0/);
    expect(() => dnpTable({ bumpsUm: [], deltaTK: 5, deltaAlphaPpmPerK: 5 })).toThrow(/bumpsUm: expected a non-empty array/);
    expect(() => dnpTable({ bumpsUm: [[0, NaN]], deltaTK: 5, deltaAlphaPpmPerK: 5 })).toThrow(/bumpsUm\[0\]\[1\]: expected a finite number/);
    expect(() => dnpTable({ bumpsUm: bumps, deltaTK: 5, dieMaterial: 'si', boardMaterial: 'unobtainium' as never })).toThrow(/boardMaterial: unknown material 'unobtainium'/);
  });
});
