/**
 * Thermal-mismatch displacement of bumps: when the die and the board expand differently, a bump at
 * distance DNP from the die's neutral point (the point that does not move relative to the board; the die
 * centre by default) is displaced by
 *   d = delta_alpha * delta_T * DNP      (ppm/K x 1e-6 /K per ppm/K x K x um = um),
 * radially away from (or towards) the neutral point. The post under the bump must absorb d.
 */
import { InputError } from '../core/errors.ts';
import { material, type MaterialName } from './materials.ts';
import { postBending, type Boundary, type PostSpec } from './post.ts';
import { checkFinite, checkPositive, PER_K_PER_PPM } from './units.ts';

/** Displacement, um: delta_alpha (ppm/K, >= 0) x delta_T (K, > 0) x DNP (um, >= 0). */
export function mismatchDisplacementUm(deltaAlphaPpmPerK: number, deltaTK: number, dnpUm: number): number {
  const a = checkPositive(deltaAlphaPpmPerK, 'deltaAlphaPpmPerK', true);
  const t = checkPositive(deltaTK, 'deltaTK');
  const r = checkPositive(dnpUm, 'dnpUm', true);
  return a * PER_K_PER_PPM * t * r;
}

/**
 * Bump centres of a cols x rows array at the given pitch, centred on (0, 0), um; row 0 at the bottom,
 * columns left to right within a row (the design file's `bumps.array`).
 */
export function bumpArrayUm(cols: number, rows: number, pitchUm: number | readonly [number, number]): Array<[number, number]> {
  for (const [v, what] of [[cols, 'cols'], [rows, 'rows']] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InputError('E_RANGE', `${what}: ${String(v)} must be an integer >= 1`);
  }
  const [px, py] = typeof pitchUm === 'number' ? [pitchUm, pitchUm] : pitchUm;
  checkPositive(px, 'pitchUm[0]');
  checkPositive(py, 'pitchUm[1]');
  const out: Array<[number, number]> = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push([(c - (cols - 1) / 2) * px, (r - (rows - 1) / 2) * py]);
  return out;
}

export interface MismatchInput {
  /** Bump centres, um, in the die frame. */
  bumpsUm: ReadonlyArray<readonly [number, number]>;
  /** Default [0, 0]: the die centre. */
  neutralPointUm?: readonly [number, number];
  /** Temperature excursion, K, > 0. */
  deltaTK: number;
  /** CTE difference, ppm/K, >= 0; or give dieMaterial and boardMaterial instead. */
  deltaAlphaPpmPerK?: number;
  dieMaterial?: MaterialName | { youngsGPa: number; ctePpmPerK: number; name?: string };
  boardMaterial?: MaterialName | { youngsGPa: number; ctePpmPerK: number; name?: string };
}

export interface DnpRow {
  /** Index into bumpsUm. */
  index: number;
  xUm: number;
  yUm: number;
  /** Distance to the neutral point, um. */
  dnpUm: number;
  /** Displacement magnitude and components (radial from the neutral point), um. */
  displacementUm: number;
  dxUm: number;
  dyUm: number;
}

export interface DnpTable {
  deltaAlphaPpmPerK: number;
  deltaTK: number;
  rows: DnpRow[];
  /** The row with the largest DNP (the first such in input order). */
  worst: DnpRow;
}

function deltaAlpha(inp: MismatchInput): number {
  if (inp.deltaAlphaPpmPerK !== undefined) {
    if (inp.dieMaterial !== undefined || inp.boardMaterial !== undefined) throw new InputError('E_MECH', 'deltaAlphaPpmPerK: give either deltaAlphaPpmPerK or dieMaterial and boardMaterial, not both');
    return checkPositive(inp.deltaAlphaPpmPerK, 'deltaAlphaPpmPerK', true);
  }
  if (inp.dieMaterial === undefined || inp.boardMaterial === undefined) throw new InputError('E_MECH', 'deltaAlphaPpmPerK: missing (give it, or dieMaterial and boardMaterial)');
  const a = material(inp.dieMaterial, 'dieMaterial').ctePpmPerK;
  const b = material(inp.boardMaterial, 'boardMaterial').ctePpmPerK;
  if (!Number.isFinite(a)) throw new InputError('E_MECH', 'dieMaterial.ctePpmPerK: missing');
  if (!Number.isFinite(b)) throw new InputError('E_MECH', 'boardMaterial.ctePpmPerK: missing');
  return Math.abs(b - a);
}

/** Per-bump DNP and mismatch displacement, and the worst bump. Throws InputError on bad input. */
export function dnpTable(inp: MismatchInput): DnpTable {
  if (inp === null || typeof inp !== 'object') throw new InputError('E_MECH', `mismatch: expected an object, got ${String(inp)}`);
  const da = deltaAlpha(inp);
  const dT = checkPositive(inp.deltaTK, 'deltaTK');
  if (!Array.isArray(inp.bumpsUm) || inp.bumpsUm.length === 0) throw new InputError('E_MECH', 'bumpsUm: expected a non-empty array of [x, y] in um');
  const [nx, ny] = inp.neutralPointUm ?? [0, 0];
  checkFinite(nx, 'neutralPointUm[0]');
  checkFinite(ny, 'neutralPointUm[1]');
  const strain = da * PER_K_PER_PPM * dT; // um per um of DNP
  const rows = inp.bumpsUm.map(([x, y], index): DnpRow => {
    checkFinite(x, `bumpsUm[${index}][0]`);
    checkFinite(y, `bumpsUm[${index}][1]`);
    const rx = x - nx;
    const ry = y - ny;
    const dnp = Math.hypot(rx, ry);
    return { index, xUm: x, yUm: y, dnpUm: dnp, displacementUm: strain * dnp, dxUm: strain * rx, dyUm: strain * ry };
  });
  let worst = rows[0];
  for (const r of rows) if (r.dnpUm > worst.dnpUm) worst = r;
  return { deltaAlphaPpmPerK: da, deltaTK: dT, rows, worst };
}

export interface PostMismatchRow extends DnpRow {
  forceN: number;
  maxStressMPa: number;
}

export interface PostMismatchTable {
  deltaAlphaPpmPerK: number;
  deltaTK: number;
  boundary: Boundary;
  rows: PostMismatchRow[];
  /** The row with the largest stress (the first such in input order). */
  worst: PostMismatchRow;
}

/**
 * The DNP table with, for every bump, the force and the largest bending stress in the post that absorbs
 * the bump's displacement (post.ts; default boundary 'cantilever', seed 004's model).
 */
export function postMismatchTable(inp: MismatchInput & { post: PostSpec; boundary?: Boundary }): PostMismatchTable {
  const t = dnpTable(inp);
  const boundary = inp.boundary ?? 'cantilever';
  const rows = t.rows.map((r): PostMismatchRow => {
    const b = postBending(inp.post, [r.dxUm, r.dyUm], boundary);
    return { ...r, forceN: b.forceN, maxStressMPa: b.maxStressMPa };
  });
  let worst = rows[0];
  for (const r of rows) if (r.maxStressMPa > worst.maxStressMPa) worst = r;
  return { deltaAlphaPpmPerK: t.deltaAlphaPpmPerK, deltaTK: t.deltaTK, boundary, rows, worst };
}
