import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  bendingStressMPa,
  beamForceN,
  cantileverForceN,
  fixedGuidedForceN,
  material,
  maxMomentNUm,
  postBending,
  rectSecondMomentUm4,
  roundSecondMomentUm4,
} from '../../src/mech/index.ts';

/**
 * Hand calculations. Unit conversions used throughout:
 *   E: 1 GPa = 1e9 N/m^2 = 1e9 N / (1e6 um)^2 = 1e-3 N/um^2, so 120 GPa = 0.12 N/um^2, 40 GPa = 0.04 N/um^2.
 *   F = k E I delta / L^3 with E in N/um^2, I in um^4, delta and L in um gives N (um^4 * um / um^3 = um^2).
 *   sigma = M c / I: N um * um / um^4 = N/um^2; 1 N/um^2 = 1e12 Pa = 1e6 MPa.
 * Closed forms for the stress: cantilever sigma = F L c / I = 3 E delta c / L^2; fixed-guided
 * sigma = (F L / 2) c / I = 6 E delta c / L^2.
 */
describe('post bending: hand-calculated cases', () => {
  it('round Cu post d = 100 um, L = 100 um, delta = 1 um, E = 120 GPa, cantilever', () => {
    // I = pi d^4 / 64 = pi * 1e8 / 64 = 4 908 738.52 um^4
    // F = 3 * 0.12 N/um^2 * 4 908 738.52 um^4 * 1 um / (100 um)^3 = 1 767 145.87 / 1e6 = 1.767146 N
    // M = F L = 176.7146 N um; c = 50 um
    // sigma = 3 E delta c / L^2 = 3 * 0.12 * 1 * 50 / 1e4 = 1.8e-3 N/um^2 = 1800 MPa
    const I = roundSecondMomentUm4(100);
    expect(I).toBeCloseTo(4_908_738.52, 1);
    const F = cantileverForceN({ youngsGPa: 120, secondMomentUm4: I, lengthUm: 100, deflectionUm: 1 });
    expect(F).toBeCloseTo(1.767146, 5);
    const M = maxMomentNUm('cantilever', F, 100);
    expect(M).toBeCloseTo(176.7146, 3);
    expect(bendingStressMPa(M, 50, I)).toBeCloseTo(1800, 6);
    const b = postBending({ section: { shape: 'round', diameterUm: 100 }, heightUm: 100 }, 1);
    expect(b.youngsGPa).toBe(120); // Cu is the default
    expect(b.forceN).toBeCloseTo(1.767146, 5);
    expect(b.maxStressMPa).toBeCloseTo(1800, 6);
    expect(b.aspectRatio).toBe(1);
  });

  it('round post d = 50 um, L = 200 um, delta = 2 um, E = 120 GPa, fixed-guided', () => {
    // I = pi * 50^4 / 64 = pi * 6.25e6 / 64 = 306 796.16 um^4
    // F = 12 * 0.12 * 306 796.16 * 2 / (200)^3 = 883 572.93 / 8e6 = 0.1104466 N
    // M = F L / 2 = 0.1104466 * 100 = 11.04466 N um; c = 25 um
    // sigma = 6 E delta c / L^2 = 6 * 0.12 * 2 * 25 / 4e4 = 9e-4 N/um^2 = 900 MPa
    const I = roundSecondMomentUm4(50);
    expect(I).toBeCloseTo(306_796.16, 1);
    const F = fixedGuidedForceN({ youngsGPa: 120, secondMomentUm4: I, lengthUm: 200, deflectionUm: 2 });
    expect(F).toBeCloseTo(0.1104466, 6);
    expect(beamForceN('fixed-guided', { youngsGPa: 120, secondMomentUm4: I, lengthUm: 200, deflectionUm: 2 })).toBe(F);
    expect(maxMomentNUm('fixed-guided', F, 200)).toBeCloseTo(11.04466, 4);
    const b = postBending({ section: { shape: 'round', diameterUm: 50 }, heightUm: 200, material: 'cu' }, 2, 'fixed-guided');
    expect(b.forceN).toBeCloseTo(0.1104466, 6);
    expect(b.momentNUm).toBeCloseTo(11.04466, 4);
    expect(b.maxStressMPa).toBeCloseTo(900, 6);
    // Fixed-guided is 4 x stiffer than the cantilever, with half the moment arm: stress x 2.
    const c = postBending({ section: { shape: 'round', diameterUm: 50 }, heightUm: 200 }, 2);
    expect(b.forceN / c.forceN).toBeCloseTo(4, 12);
    expect(b.maxStressMPa / c.maxStressMPa).toBeCloseTo(2, 12);
  });

  it('rectangular solder column 20 um (along the deflection) x 40 um, L = 150 um, delta = 0.5 um, E = 40 GPa, cantilever', () => {
    // I = b h^3 / 12 with h = 20 um along the deflection, b = 40 um: 40 * 8000 / 12 = 26 666.67 um^4
    // F = 3 * 0.04 * 26 666.67 * 0.5 / 150^3 = 1600 / 3 375 000 = 4.740741e-4 N
    // sigma = 3 E delta c / L^2 = 3 * 0.04 * 0.5 * 10 / 22 500 = 2.666667e-5 N/um^2 = 26.66667 MPa
    expect(rectSecondMomentUm4(40, 20)).toBeCloseTo(26_666.667, 2);
    expect(material('solder').youngsGPa).toBe(40);
    const b = postBending({ section: { shape: 'rect', xUm: 20, yUm: 40 }, heightUm: 150, material: 'solder' }, [0.5, 0]);
    expect(b.secondMomentUm4[0]).toBeCloseTo(26_666.667, 2);
    expect(b.secondMomentUm4[1]).toBeCloseTo(106_666.667, 2); // 20 * 40^3 / 12 for deflection along y
    expect(b.forceN).toBeCloseTo(4.740741e-4, 9);
    expect(b.maxStressMPa).toBeCloseTo(26.66667, 4);
    // Along y the stiff side bends: I is 4 x larger, c 2 x larger -> force x 4, stress x 2 (53.333 MPa).
    const y = postBending({ section: { shape: 'rect', xUm: 20, yUm: 40 }, heightUm: 150, material: 'solder' }, [0, 0.5]);
    expect(y.forceN).toBeCloseTo(4 * 4.740741e-4, 9);
    expect(y.maxStressMPa).toBeCloseTo(53.33333, 4);
    // Diagonal: the two bending stresses add at the corner.
    const d = postBending({ section: { shape: 'rect', xUm: 20, yUm: 40 }, heightUm: 150, material: 'solder' }, [0.5, 0.5]);
    expect(d.maxStressMPa).toBeCloseTo(80, 4);
  });

  it('a round post bends along the displacement direction (isotropic)', () => {
    const post = { section: { shape: 'round' as const, diameterUm: 100 }, heightUm: 100 };
    const a = postBending(post, [0.6, 0.8]); // |delta| = 1 um
    expect(a.forceN).toBeCloseTo(1.767146, 5);
    expect(a.forceXYN[0]).toBeCloseTo(0.6 * 1.767146, 5);
    expect(a.maxStressMPa).toBeCloseTo(1800, 6);
    expect(postBending(post, 0).forceN).toBe(0);
  });

  it('bad inputs throw InputError naming the parameter', () => {
    expect(() => roundSecondMomentUm4(0)).toThrow(/diameterUm: 0 must be > 0/);
    expect(() => roundSecondMomentUm4(-5)).toThrow(/diameterUm: -5 must be > 0/);
    expect(() => roundSecondMomentUm4(NaN)).toThrow(/diameterUm: expected a finite number, got NaN/);
    expect(() => rectSecondMomentUm4(10, 0)).toThrow(/hUm: 0 must be > 0/);
    const ok = { youngsGPa: 120, secondMomentUm4: 1e6, lengthUm: 100, deflectionUm: 1 };
    expect(() => cantileverForceN({ ...ok, youngsGPa: 0 })).toThrow(/youngsGPa: 0 must be > 0/);
    expect(() => cantileverForceN({ ...ok, lengthUm: -1 })).toThrow(/lengthUm: -1 must be > 0/);
    expect(() => cantileverForceN({ ...ok, deflectionUm: -1 })).toThrow(/deflectionUm: -1 must be >= 0/);
    expect(() => fixedGuidedForceN({ ...ok, secondMomentUm4: NaN })).toThrow(/secondMomentUm4: expected a finite number/);
    expect(() => bendingStressMPa(1, 0, 1)).toThrow(/fibreUm: 0 must be > 0/);
    expect(() => postBending({ section: { shape: 'round', diameterUm: 100 }, heightUm: 0 }, 1)).toThrow(/post.heightUm: 0 must be > 0/);
    expect(() => postBending({ section: { shape: 'rect', xUm: 10, yUm: -2 }, heightUm: 10 }, 1)).toThrow(/post.section.yUm: -2 must be > 0/);
    expect(() => postBending({ section: { shape: 'round', diameterUm: 100 }, heightUm: 10, material: 'steel' as never }, 1)).toThrow(/post.material: unknown material 'steel'/);
    expect(() => postBending({ section: { shape: 'round', diameterUm: 100 }, heightUm: 10, material: { youngsGPa: -3 } }, 1)).toThrow(/post.material.youngsGPa: -3 must be > 0/);
    expect(() => postBending({ section: { shape: 'round', diameterUm: 100 }, heightUm: 10 }, NaN)).toThrow(/deflectionUm: expected a finite number/);
    expect(() => postBending({ section: { shape: 'round', diameterUm: 100 }, heightUm: 10 }, 1, 'pinned' as never)).toThrow(/boundary: 'pinned'/);
    expect(() => roundSecondMomentUm4(0)).toThrow(InputError);
  });
});
