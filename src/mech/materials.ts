/**
 * Typical room-temperature properties of packaging materials. Handbook-level values: electroplated and
 * alloyed metals vary with process, so a design should pass its own { youngsGPa, ctePpmPerK } when it
 * has measured ones.
 */
import { InputError } from '../core/errors.ts';
import { checkPositive } from './units.ts';

export interface Material {
  readonly name: string;
  /** Young's modulus, GPa. */
  readonly youngsGPa: number;
  /** Linear thermal expansion coefficient, ppm/K (in-plane for laminates). */
  readonly ctePpmPerK: number;
  /** 0.2 % yield strength, MPa (metals; handbook mid-range), when it applies. */
  readonly yieldMPa?: number;
  readonly note: string;
}

export const MATERIALS = Object.freeze({
  cu: { name: 'cu', youngsGPa: 120, ctePpmPerK: 17, yieldMPa: 250, note: 'electroplated Cu (posts, RDL); E about 110-130 GPa, yield about 200-300 MPa' },
  solder: { name: 'solder', youngsGPa: 40, ctePpmPerK: 22, yieldMPa: 35, note: 'SnAgCu (SAC305-class) lead-free solder; yield about 30-40 MPa' },
  snpb: { name: 'snpb', youngsGPa: 32, ctePpmPerK: 25, yieldMPa: 30, note: 'eutectic Sn63Pb37 solder; yield about 25-35 MPa' },
  au: { name: 'au', youngsGPa: 79, ctePpmPerK: 14.2, yieldMPa: 100, note: 'gold (electroplated); yield about 50-200 MPa' },
  ni: { name: 'ni', youngsGPa: 200, ctePpmPerK: 13.4, yieldMPa: 400, note: 'nickel (UBM); yield about 300-500 MPa' },
  si: { name: 'si', youngsGPa: 130, ctePpmPerK: 2.6, note: 'silicon die, in-plane <100>' },
  fr4: { name: 'fr4', youngsGPa: 22, ctePpmPerK: 16, note: 'FR-4 / organic board, in-plane' },
} satisfies Record<string, Material>);

export type MaterialName = keyof typeof MATERIALS;

/** A material by name, or a custom one (validated). Throws InputError naming `what` for unknown names. */
export function material(m: MaterialName | { youngsGPa: number; ctePpmPerK?: number; name?: string }, what = 'material'): Material {
  if (typeof m === 'string') {
    const found = (MATERIALS as Record<string, Material>)[m];
    if (!found) throw new InputError('E_MATERIAL', `${what}: unknown material '${m}' (known: ${Object.keys(MATERIALS).join(', ')})`);
    return found;
  }
  if (m === null || typeof m !== 'object') throw new InputError('E_MATERIAL', `${what}: expected a material name or { youngsGPa, ctePpmPerK }, got ${String(m)}`);
  return {
    name: m.name ?? 'custom',
    youngsGPa: checkPositive(m.youngsGPa, `${what}.youngsGPa`),
    ctePpmPerK: m.ctePpmPerK === undefined ? NaN : checkPositive(m.ctePpmPerK, `${what}.ctePpmPerK`, true),
    note: 'given',
  };
}
