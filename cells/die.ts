/**
 * Die-level frame cells: the die outline (with the die's half of the dicing street and saw cut) and
 * the seal ring. A die of width x height dbu occupies [-floor(width / 2), width - floor(width / 2)]
 * in x (likewise y), so odd sizes stay on the grid and every die cell shares one frame.
 */
import type { Cell, Dbu } from '../src/core/index.ts';
import { toUm } from '../src/core/index.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { layerOf } from './internal/layers.ts';
import { atLeastRule, checkTech, dbu, knownKeys, paramError } from './internal/params.ts';

/** The die box [x0, y0, x1, y1] of a width x height die centred on the origin (dbu). */
export function dieBox(width: Dbu, height: Dbu): [Dbu, Dbu, Dbu, Dbu] {
  const x0 = -Math.floor(width / 2);
  const y0 = -Math.floor(height / 2);
  return [x0, y0, x0 + width, y0 + height];
}

/** Octagon (a box with 45-degree corner chamfers of leg c; c = 0 gives the box), counter-clockwise. */
export function chamferedBox(x0: Dbu, y0: Dbu, x1: Dbu, y1: Dbu, c: Dbu): number[] {
  if (c === 0) return [x0, y0, x1, y0, x1, y1, x0, y1];
  return [x0 + c, y0, x1 - c, y0, x1, y0 + c, x1, y1 - c, x1 - c, y1, x0 + c, y1, x0, y1 - c, x0, y0 + c];
}

/** Smallest integer k with k >= w * sqrt(2) (exact: k^2 >= 2 w^2 in integers below 2^53). */
function ceilSqrt2(w: number): number {
  let k = Math.ceil(w * Math.SQRT2);
  while ((k - 1) * (k - 1) >= 2 * w * w) k--;
  while (k * k < 2 * w * w) k++;
  return k;
}

/**
 * Inner chamfer leg of a ring of width w whose outer chamfer leg is c: the smallest leg that keeps
 * the diagonal band at least w wide (distance between the diagonals (2w + ci - c) / sqrt(2) >= w).
 */
export function innerChamfer(c: Dbu, w: Dbu): Dbu {
  return Math.max(0, c - 2 * w + ceilSqrt2(w));
}

export interface DieOutlineOptions {
  /** Die width and height without the street, dbu. */
  width: Dbu;
  height: Dbu;
  /** Dicing street (kerf) width between dies, dbu, even: the die's half is drawn on STREET. */
  street?: Dbu;
  /** Saw cut width centred in the street, dbu, even, <= street: the die's half is drawn on SAW. */
  saw?: Dbu;
}

const FN_DIE = 'dieOutline';

/**
 * `DIE_<tech>_w<um>_h<um>[_s<um>][_k<um>]`: the die box on DIE; with `street`, the die's half street
 * (a frame street / 2 wide around the die) on STREET; with `saw`, the die's half of the saw cut (the
 * outer saw / 2 of that frame) on SAW. All documentation layers.
 */
export function dieOutline(tech: Technology, opts: DieOutlineOptions): Cell {
  checkTech(FN_DIE, tech);
  knownKeys(FN_DIE, tech, opts, ['width', 'height', 'street', 'saw']);
  const w = dbu(FN_DIE, tech, 'width', opts?.width);
  const h = dbu(FN_DIE, tech, 'height', opts.height);
  const street = opts.street === undefined ? undefined : dbu(FN_DIE, tech, 'street', opts.street, { even: true });
  const saw = opts.saw === undefined ? undefined : dbu(FN_DIE, tech, 'saw', opts.saw, { even: true });
  if (saw !== undefined && street === undefined) throw paramError(FN_DIE, tech, 'saw', 'needs a street to sit in (give street too)');
  if (saw !== undefined && street !== undefined && saw > street) {
    throw paramError(FN_DIE, tech, 'saw', `= ${toUm(saw)} um is wider than the street ${toUm(street)} um (the blade cuts inside the street)`);
  }
  const readable = [`w${umPart(w)}`, `h${umPart(h)}`];
  if (street !== undefined) readable.push(`s${umPart(street)}`);
  if (saw !== undefined) readable.push(`k${umPart(saw)}`);
  return cached(
    'DIE',
    { width: w, height: h, ...(street !== undefined ? { street } : {}), ...(saw !== undefined ? { saw } : {}) },
    (cell) => {
      const [x0, y0, x1, y1] = dieBox(w, h);
      cell.addBox(layerOf(FN_DIE, tech, 'layer', 'DIE'), x0, y0, x1, y1);
      const frame = (layer: string, inner: Dbu, outer: Dbu) => {
        const o = [x0 - outer, y0 - outer, x1 + outer, y0 - outer, x1 + outer, y1 + outer, x0 - outer, y1 + outer];
        const i = [x0 - inner, y0 - inner, x1 + inner, y0 - inner, x1 + inner, y1 + inner, x0 - inner, y1 + inner];
        cell.addPolygonWithHoles(layerOf(FN_DIE, tech, 'layer', layer), o, [i]);
      };
      if (street !== undefined) frame('STREET', 0, street / 2);
      if (street !== undefined && saw !== undefined && saw > 0) frame('SAW', (street - saw) / 2, street / 2);
    },
    { tech, layers: ['DIE', 'STREET', 'SAW'], readable, lossless: true },
  );
}

export interface SealRingOptions {
  /** Die width and height, dbu: the ring follows the die edge at `inset`. */
  width: Dbu;
  height: Dbu;
  /** Ring width, dbu (default construction.seal.width; >= seal.minWidth). */
  ringWidth?: Dbu;
  /** Die edge to the ring's outer edge, dbu (default construction.seal.inset; >= 0). */
  inset?: Dbu;
  /** Leg of the 45-degree corner chamfer of the outer edge, dbu (default 2 x ringWidth; 0 = square corners). */
  chamfer?: Dbu;
}

const FN_SEAL = 'sealRing';

/**
 * `SEAL_<tech>_w<um>_h<um>_r<um>_i<um>_c<um>`: a closed ring on SEAL, ringWidth wide, its outer edge
 * `inset` inside the die edge, corners chamfered at 45 degrees; the inner chamfer is chosen so the
 * diagonal band is at least ringWidth wide too (so the width rule holds all around). Stored as one
 * keyholed polygon.
 */
export function sealRing(tech: Technology, opts: SealRingOptions): Cell {
  checkTech(FN_SEAL, tech);
  knownKeys(FN_SEAL, tech, opts, ['width', 'height', 'ringWidth', 'inset', 'chamfer']);
  const w = dbu(FN_SEAL, tech, 'width', opts?.width);
  const h = dbu(FN_SEAL, tech, 'height', opts.height);
  const rw = dbu(FN_SEAL, tech, 'ringWidth', opts.ringWidth ?? tech.construction.seal.width);
  atLeastRule(FN_SEAL, tech, 'ringWidth', rw, 'seal.minWidth');
  const inset = dbu(FN_SEAL, tech, 'inset', opts.inset ?? tech.construction.seal.inset, { min: 0 });
  const c = dbu(FN_SEAL, tech, 'chamfer', opts.chamfer ?? 2 * rw, { min: 0 });
  const ci = innerChamfer(c, rw);
  for (const [v, p] of [[w, 'width'], [h, 'height']] as const) {
    const hole = v - 2 * (inset + rw);
    if (hole <= 2 * ci) {
      throw paramError(FN_SEAL, tech, p, `= ${toUm(v)} um leaves no room inside a seal ring ${toUm(rw)} um wide at inset ${toUm(inset)} um with ${toUm(c)} um chamfers (needs > ${toUm(2 * (inset + rw + ci))} um)`);
    }
    if (v - 2 * inset <= 2 * c) throw paramError(FN_SEAL, tech, 'chamfer', `= ${toUm(c)} um: two chamfers do not fit along the ring's ${p} ${toUm(v - 2 * inset)} um`);
  }
  return cached(
    'SEAL',
    { width: w, height: h, ringWidth: rw, inset, chamfer: c },
    (cell) => {
      const [x0, y0, x1, y1] = dieBox(w, h);
      const outer = chamferedBox(x0 + inset, y0 + inset, x1 - inset, y1 - inset, c);
      const inner = chamferedBox(x0 + inset + rw, y0 + inset + rw, x1 - inset - rw, y1 - inset - rw, ci);
      cell.addPolygonWithHoles(layerOf(FN_SEAL, tech, 'layer', 'SEAL'), outer, [inner]);
      return { innerChamfer: ci };
    },
    { tech, layers: ['SEAL'], readable: [`w${umPart(w)}`, `h${umPart(h)}`, `r${umPart(rw)}`, `i${umPart(inset)}`, `c${umPart(c)}`], lossless: true },
  );
}
