/**
 * Units and input checks of the mechanics module. Lengths are micrometres, forces newtons, moduli GPa,
 * stresses MPa, expansion coefficients ppm/K, temperatures kelvin (differences).
 *
 * Conversions used by every formula (stated once here):
 *   1 GPa = 1e9 N/m^2 = 1e9 N / 1e12 um^2 = 1e-3 N/um^2
 *   1 N/um^2 = 1e12 N/m^2 = 1e12 Pa = 1e6 MPa
 *   1 ppm/K = 1e-6 /K
 */
import { InputError } from '../core/errors.ts';

/** N/um^2 per GPa. */
export const N_PER_UM2_PER_GPA = 1e-3;
/** MPa per N/um^2. */
export const MPA_PER_N_PER_UM2 = 1e6;
/** Strain per K per ppm/K. */
export const PER_K_PER_PPM = 1e-6;

/** A finite number > 0 (or >= 0 with allowZero); throws InputError naming `what` otherwise. */
export function checkPositive(v: unknown, what: string, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError('E_NOT_A_NUMBER', `${what}: expected a finite number, got ${String(v)}`);
  if (allowZero ? v < 0 : v <= 0) throw new InputError('E_RANGE', `${what}: ${v} must be ${allowZero ? '>= 0' : '> 0'}`);
  return v;
}

/** A finite number (any sign); throws InputError naming `what` otherwise. */
export function checkFinite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError('E_NOT_A_NUMBER', `${what}: expected a finite number, got ${String(v)}`);
  return v;
}
