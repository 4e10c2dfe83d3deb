/**
 * Post (Cu column, stud) bending: section second moments, beam end forces and the maximum bending
 * stress, for small elastic deflections (Euler-Bernoulli: no shear deformation, which makes stubby posts,
 * height below about twice the width, stiffer here than they are).
 *
 * Boundary conditions, for a post of length L whose tip moves sideways by delta:
 *   - 'cantilever': base clamped, tip free to rotate (seed 004's formula F = 3 Y I d / L^3);
 *     moment F L at the base.
 *   - 'fixed-guided': both ends clamped, the tip translates without rotating (a post soldered to a stiff
 *     board): F = 12 E I delta / L^3, moment F L / 2 at both ends.
 * Stress sigma = M c / I, c = the extreme fibre distance (d/2 for a round post).
 * Units: see units.ts (E GPa -> N/um^2 x 1e-3; N/um^2 -> MPa x 1e6).
 */
import { InputError } from '../core/errors.ts';
import { material, type MaterialName } from './materials.ts';
import { checkFinite, checkPositive, MPA_PER_N_PER_UM2, N_PER_UM2_PER_GPA } from './units.ts';

export type Boundary = 'cantilever' | 'fixed-guided';

/** Round post of diameter d, or a rectangular one with sides along the die's x and y axes. */
export type PostCrossSection = { shape: 'round'; diameterUm: number } | { shape: 'rect'; xUm: number; yUm: number };

export interface PostSpec {
  section: PostCrossSection;
  /** Free length of the post (bending length), um. */
  heightUm: number;
  /** Default 'cu' (120 GPa). */
  material?: MaterialName | { youngsGPa: number; ctePpmPerK?: number; name?: string };
}

/** Second moment of area of a round section, um^4: pi d^4 / 64. */
export function roundSecondMomentUm4(diameterUm: number): number {
  const d = checkPositive(diameterUm, 'diameterUm');
  return (Math.PI * d ** 4) / 64;
}

/** Second moment of area of a rectangle, um^4: b h^3 / 12, with h the side along the deflection. */
export function rectSecondMomentUm4(bUm: number, hUm: number): number {
  const b = checkPositive(bUm, 'bUm');
  const h = checkPositive(hUm, 'hUm');
  return (b * h ** 3) / 12;
}

export interface BeamInput {
  youngsGPa: number;
  secondMomentUm4: number;
  lengthUm: number;
  /** Tip deflection, um, >= 0. */
  deflectionUm: number;
}

function beamArgs(a: BeamInput): { E: number; I: number; L: number; d: number } {
  if (a === null || typeof a !== 'object') throw new InputError('E_MECH', `beam: expected { youngsGPa, secondMomentUm4, lengthUm, deflectionUm }, got ${String(a)}`);
  return {
    E: checkPositive(a.youngsGPa, 'youngsGPa') * N_PER_UM2_PER_GPA,
    I: checkPositive(a.secondMomentUm4, 'secondMomentUm4'),
    L: checkPositive(a.lengthUm, 'lengthUm'),
    d: checkPositive(a.deflectionUm, 'deflectionUm', true),
  };
}

/** Force at the free tip of a cantilever deflected by delta, N: 3 E I delta / L^3. */
export function cantileverForceN(a: BeamInput): number {
  const { E, I, L, d } = beamArgs(a);
  return (3 * E * I * d) / L ** 3;
}

/** Force on a fixed-guided beam whose ends are offset by delta, N: 12 E I delta / L^3. */
export function fixedGuidedForceN(a: BeamInput): number {
  const { E, I, L, d } = beamArgs(a);
  return (12 * E * I * d) / L ** 3;
}

export function beamForceN(boundary: Boundary, a: BeamInput): number {
  checkBoundary(boundary);
  return boundary === 'cantilever' ? cantileverForceN(a) : fixedGuidedForceN(a);
}

function checkBoundary(b: unknown): asserts b is Boundary {
  if (b !== 'cantilever' && b !== 'fixed-guided') throw new InputError('E_MECH', `boundary: '${String(b)}' is not 'cantilever' or 'fixed-guided'`);
}

/** Largest bending moment, N um: F L (cantilever, at the base) or F L / 2 (fixed-guided, at both ends). */
export function maxMomentNUm(boundary: Boundary, forceN: number, lengthUm: number): number {
  checkBoundary(boundary);
  const F = checkPositive(forceN, 'forceN', true);
  const L = checkPositive(lengthUm, 'lengthUm');
  return boundary === 'cantilever' ? F * L : (F * L) / 2;
}

/** Bending stress at the extreme fibre, MPa: M c / I (N um * um / um^4 = N/um^2, x 1e6 -> MPa). */
export function bendingStressMPa(momentNUm: number, fibreUm: number, secondMomentUm4: number): number {
  const M = checkPositive(momentNUm, 'momentNUm', true);
  const c = checkPositive(fibreUm, 'fibreUm');
  const I = checkPositive(secondMomentUm4, 'secondMomentUm4');
  return ((M * c) / I) * MPA_PER_N_PER_UM2;
}

export interface PostBending {
  boundary: Boundary;
  youngsGPa: number;
  /** |deflection|, um. */
  deflectionUm: number;
  /** Second moments for deflection along x and along y, um^4 (equal for a round post). */
  secondMomentUm4: [number, number];
  /** Force components and magnitude, N. */
  forceN: number;
  forceXYN: [number, number];
  /** Largest moment magnitude, N um. */
  momentNUm: number;
  /** Largest bending stress, MPa: at the section edge for a round post, at a corner for a rectangle (x and y bending add). */
  maxStressMPa: number;
  /** Height / smallest width: below about 2 shear deformation, ignored here, matters. */
  aspectRatio: number;
}

function checkedPost(post: PostSpec): { E: number; L: number; section: PostCrossSection; minWidth: number } {
  if (post === null || typeof post !== 'object') throw new InputError('E_MECH', `post: expected { section, heightUm, material }, got ${String(post)}`);
  const L = checkPositive(post.heightUm, 'post.heightUm');
  const E = material(post.material ?? 'cu', 'post.material').youngsGPa;
  const s = post.section;
  if (s === null || typeof s !== 'object') throw new InputError('E_MECH', `post.section: expected { shape: 'round', diameterUm } or { shape: 'rect', xUm, yUm }, got ${String(s)}`);
  if (s.shape === 'round') return { E, L, section: s, minWidth: checkPositive(s.diameterUm, 'post.section.diameterUm') };
  if (s.shape === 'rect') return { E, L, section: s, minWidth: Math.min(checkPositive(s.xUm, 'post.section.xUm'), checkPositive(s.yUm, 'post.section.yUm')) };
  throw new InputError('E_MECH', `post.section.shape: '${String((s as { shape: unknown }).shape)}' is not 'round' or 'rect'`);
}

/**
 * Bending of a post whose tip must follow a sideways displacement: a scalar (along x) or a vector
 * [dx, dy], um. A rectangular post bends about both axes independently and the two stresses add at the
 * corner; a round post bends along the displacement's direction.
 */
export function postBending(post: PostSpec, deflectionUm: number | readonly [number, number], boundary: Boundary = 'cantilever'): PostBending {
  checkBoundary(boundary);
  const { E, L, section, minWidth } = checkedPost(post);
  let dx: number;
  let dy: number;
  if (typeof deflectionUm === 'number') {
    dx = checkFinite(deflectionUm, 'deflectionUm');
    dy = 0;
  } else if (Array.isArray(deflectionUm) && deflectionUm.length === 2) {
    dx = checkFinite(deflectionUm[0], 'deflectionUm[0]');
    dy = checkFinite(deflectionUm[1], 'deflectionUm[1]');
  } else {
    throw new InputError('E_MECH', `deflectionUm: expected a number or [dx, dy], got ${JSON.stringify(deflectionUm)}`);
  }
  const delta = Math.hypot(dx, dy);
  const k = boundary === 'cantilever' ? 3 : 12;
  const arm = boundary === 'cantilever' ? L : L / 2;
  const Enu = E * N_PER_UM2_PER_GPA;
  if (section.shape === 'round') {
    const I = roundSecondMomentUm4(section.diameterUm);
    const F = (k * Enu * I * delta) / L ** 3;
    const M = F * arm;
    return {
      boundary,
      youngsGPa: E,
      deflectionUm: delta,
      secondMomentUm4: [I, I],
      forceN: F,
      forceXYN: delta === 0 ? [0, 0] : [(F * dx) / delta, (F * dy) / delta],
      momentNUm: M,
      maxStressMPa: bendingStressMPa(M, section.diameterUm / 2, I),
      aspectRatio: L / minWidth,
    };
  }
  // Deflection along x bends about the y axis: the x side is the depth h.
  const Ix = rectSecondMomentUm4(section.yUm, section.xUm);
  const Iy = rectSecondMomentUm4(section.xUm, section.yUm);
  const Fx = (k * Enu * Ix * dx) / L ** 3;
  const Fy = (k * Enu * Iy * dy) / L ** 3;
  const Mx = Math.abs(Fx) * arm;
  const My = Math.abs(Fy) * arm;
  return {
    boundary,
    youngsGPa: E,
    deflectionUm: delta,
    secondMomentUm4: [Ix, Iy],
    forceN: Math.hypot(Fx, Fy),
    forceXYN: [Fx, Fy],
    momentNUm: Math.hypot(Mx, My),
    maxStressMPa: bendingStressMPa(Mx, section.xUm / 2, Ix) + bendingStressMPa(My, section.yUm / 2, Iy),
    aspectRatio: L / minWidth,
  };
}
