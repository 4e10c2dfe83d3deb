/**
 * Units. The database unit (dbu) is 1 nm; every coordinate inside wlpgen is an integer number of dbu.
 * Micrometre floats exist only at the API edge and are converted here, once, with one rounding rule
 * and a range check (GDSII stores coordinates as int32: +-2.147 m at 1 nm).
 */
import { InputError } from './errors.ts';

/** Integer database units (1 dbu = 1 nm). A plain number at run time; the name documents intent. */
export type Dbu = number;
/** Micrometres (floating point), used only at the API edge and in design files. */
export type Um = number;

export const DBU_PER_UM = 1000;
/** Size of one database unit in micrometres (the first number of the GDSII UNITS record). */
export const DBU_UM = 1 / DBU_PER_UM;
/** Size of one database unit in metres (the second number of the GDSII UNITS record). */
export const DBU_METRE = 1e-9;
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * Largest distance (in dbu) a micrometre value may lie from the 1 nm grid and still be accepted:
 * binary floats cannot hold 0.001 exactly, so 12.345 um is 12344.999999999998 dbu after multiplying.
 */
const GRID_TOLERANCE_DBU = 1e-6;

/**
 * Converts micrometres to database units. Throws InputError naming `what` when the value is not a
 * finite number, is not on the 1 nm grid, or falls outside int32.
 */
export function um(value: Um, what = 'value'): Dbu {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError('E_NOT_A_NUMBER', `${what}: expected a finite number of micrometres, got ${String(value)}`);
  }
  const scaled = value * DBU_PER_UM;
  const dbu = Math.round(scaled);
  if (Math.abs(scaled - dbu) > GRID_TOLERANCE_DBU * Math.max(1, Math.abs(scaled) / 1e6)) {
    throw new InputError('E_OFF_GRID', `${what}: ${value} um is not on the 1 nm grid (allowed: multiples of 0.001 um)`);
  }
  checkInt32(dbu, what);
  return dbu === 0 ? 0 : dbu; // normalise -0
}

/** Converts micrometres to dbu, rounding to the nearest nm (for derived values such as computed radii). */
export function umRounded(value: Um, what = 'value'): Dbu {
  if (!Number.isFinite(value)) {
    throw new InputError('E_NOT_A_NUMBER', `${what}: expected a finite number of micrometres, got ${String(value)}`);
  }
  const dbu = Math.round(value * DBU_PER_UM);
  checkInt32(dbu, what);
  return dbu === 0 ? 0 : dbu;
}

/** Database units to micrometres. */
export function toUm(value: Dbu): Um {
  return value / DBU_PER_UM;
}

/** Throws InputError unless `value` is an integer that fits int32 (a valid GDSII coordinate). */
export function checkInt32(value: number, what: string): void {
  if (!Number.isInteger(value)) {
    throw new InputError('E_NOT_INTEGER', `${what}: coordinate ${value} dbu is not an integer (coordinates are whole nanometres)`);
  }
  if (value < INT32_MIN || value > INT32_MAX) {
    throw new InputError(
      'E_OUT_OF_RANGE',
      `${what}: coordinate ${value} dbu is outside the GDSII int32 range ${INT32_MIN}..${INT32_MAX} (+-2.147 m)`,
    );
  }
}
