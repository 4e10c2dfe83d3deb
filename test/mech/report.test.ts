import { describe, expect, it } from 'vitest';
import { mechReport } from '../../src/mech/index.ts';

/**
 * report.mech against hand calculations.
 *   delta_alpha = 16 (FR-4) - 2.6 (Si) = 13.4 ppm/K; delta_T = 100 K -> strain 13.4e-6 * 100 = 1.34e-3.
 *   Balls: A (0, 0) DNP 0; B (300, 400) DNP 500 um -> d = 0.67 um; C (-600, 800) DNP 1000 um -> d = 1.34 um.
 *   Post d = 100 um, L = 100 um, Cu E = 120 GPa = 0.12 N/um^2: I = pi 100^4 / 64 = 4 908 738.52 um^4;
 *   cantilever k = 3 E I / L^3 = 3 * 0.12 * 4 908 738.52 / 1e6 = 1.767146 N/um; fixed-guided 4 k = 7.068583 N/um.
 *   At C: F = k d = 1.767146 * 1.34 = 2.367976 N; sigma = 3 E d c / L^2 = 3 * 120 000 MPa * 1.34 * 50 / 1e4 = 2412 MPa;
 *   fixed-guided: F = 9.471905 N, sigma = 6 E d c / L^2 = 4824 MPa.
 */
describe('mechReport', () => {
  const balls = [
    { name: 'A1', net: 'VDD', xUm: 0, yUm: 0 },
    { name: 'B2', net: 'IO1', xUm: 300, yUm: 400 },
    { name: 'C3', net: null, xUm: -600, yUm: 800 },
  ];

  it('per-ball DNP and displacement, and the worst ball', () => {
    const r = mechReport({ balls, deltaTK: 100, substrate: 'si', board: 'fr4' });
    expect(r.deltaAlphaPpmPerK).toBeCloseTo(13.4, 9);
    expect(r.table.map((t) => t.bump)).toEqual(['A1', 'B2', 'C3']);
    expect(r.table.map((t) => t.dnpUm)).toEqual([0, 500, 1000]);
    expect(r.table[1].displacementUm).toBeCloseTo(0.67, 9);
    expect(r.table[2].displacementUm).toBeCloseTo(1.34, 9);
    expect(r.worst).toMatchObject({ bump: 'C3', net: null, x: -600, y: 800 });
    expect(r.post).toBeNull();
    expect(r.warnings).toEqual([]);
  });

  it('post stiffness, force and stress at the worst ball for both boundaries', () => {
    const r = mechReport({ balls, deltaTK: 100, post: { diameterUm: 100, heightUm: 100 } });
    expect(r.substrate.name).toBe('si'); // defaults
    expect(r.board.name).toBe('fr4');
    // Report figures carry 6 significant digits (roundTo).
    expect(Math.abs(r.post!.secondMomentUm4 / 4_908_738.52 - 1)).toBeLessThan(1e-6);
    expect(r.post!.stiffnessNPerUm.cantilever).toBeCloseTo(1.767146, 5);
    expect(r.post!.stiffnessNPerUm.fixedGuided).toBeCloseTo(7.068583, 5);
    expect(r.post!.atWorst.cantilever.forceN).toBeCloseTo(2.367976, 5);
    expect(r.post!.atWorst.cantilever.maxStressMPa).toBeCloseTo(2412, 2);
    expect(r.post!.atWorst.fixedGuided.forceN).toBeCloseTo(9.471905, 5);
    expect(r.post!.atWorst.fixedGuided.maxStressMPa).toBeCloseTo(4824, 2);
    expect(r.table[2].maxStressMPa).toBeCloseTo(2412, 2);
    expect(r.table[0].forceN).toBe(0);
    expect(r.worst.bump).toBe('C3');
    // 100 um tall and 100 um wide: stubby (height < 2 x width), noted as info; 2412 MPa is far past
    // electroplated Cu's 250 MPa yield strength, so the elastic figures come with a warning at C3.
    expect(r.warnings.map((w) => w.code)).toEqual(['I_POST_STUBBY', 'W_POST_YIELD']);
    expect(r.warnings[1].message).toMatch(/2412 MPa at ball C3 .*exceeds the 250 MPa yield strength of cu/);
    expect(r.warnings[1].location?.xyUm).toEqual([-600, 800]);
  });

  it('no yield warning while the post stays elastic', () => {
    // delta_T = 20 K: d at C3 = 13.4e-6 * 20 * 1000 = 0.268 um; post 100 um wide, 200 um tall:
    // sigma = 3 E d c / L^2 = 3 * 120 000 * 0.268 * 50 / 40 000 = 120.6 MPa < 250 MPa; not stubby.
    const r = mechReport({ balls, deltaTK: 20, post: { diameterUm: 100, heightUm: 200 } });
    expect(r.post!.atWorst.cantilever.maxStressMPa).toBeCloseTo(120.6, 6);
    expect(r.warnings).toEqual([]);
  });

  it('warns with the seeds\' ranges: polymer 300 um (seed 004: 20-250), two-resin total 40 um (seed 002: 50-500), post 250 um wide (10-200)', () => {
    const r = mechReport({ balls, post: { diameterUm: 250, heightUm: 150 }, dimensions: { polymerThicknessUm: 300, resinTotalThicknessUm: 40 } });
    const codes = r.warnings.map((w) => w.code).sort();
    // Also past yield: sigma = 3 E d c / L^2 = 3 * 120 000 * 1.34 * 125 / 22 500 = 2680 MPa > 250 MPa.
    expect(codes).toEqual(['I_POST_STUBBY', 'W_POLYMER_THICKNESS', 'W_POST_WIDTH', 'W_POST_YIELD', 'W_RESIN_TOTAL_THICKNESS']);
    expect(r.warnings.find((w) => w.code === 'W_RESIN_TOTAL_THICKNESS')!.message).toMatch(/below the 50-500 um range of seed 002/);
  });

  it('rejects bad input naming it', () => {
    expect(() => mechReport({ balls: [] })).toThrow(/at least one ball/);
    expect(() => mechReport({ balls, deltaTK: 0 })).toThrow(/mech.deltaT: 0 must be > 0/);
    expect(() => mechReport({ balls, board: 'glass' as never })).toThrow(/mech.board: unknown material 'glass'/);
  });
});
