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
  readonly note: string;
}

export const MATERIALS = Object.freeze({
  cu: { name: 'cu', youngsGPa: 120, ctePpmPerK: 17, note: 'electroplated Cu (posts, RDL); E about 110-130 GPa' },
  solder: { name: 'solder', youngsGPa: 40, ctePpmPerK: 22, note: 'SnAgCu (SAC305-class) lead-free solder' },
  snpb: { name: 'snpb', youngsGPa: 32, ctePpmPerK: 25, note: 'eutectic Sn63Pb37 solder' },
  au: { name: 'au', youngsGPa: 79, ctePpmPerK: 14.2, note: 'gold' },
  ni: { name: 'ni', youngsGPa: 200, ctePpmPerK: 13.4, note: 'nickel (UBM)' },
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
