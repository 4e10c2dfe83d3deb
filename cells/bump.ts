/**
 * The bump stack at a bump site, bottom up: the top-metal capture pad (RDL, or RDL2 in a two-metal
 * technology), the PI2 opening (the via from the capture pad to the UBM), the UBM and the BUMP (the
 * solder ball's outline). All are n-gons with the same phase, centred on the origin.
 *
 * Sizing for the polygons: the nominal diameters (construction numbers by default) are checked
 * against the rules as circles first (a parameter that cannot work is an InputError naming it and
 * the rule); then each polygon is fitted from the inside out on measured geometry: PI2 across flats
 * >= pi2.minWidth; UBM across flats >= ubm.minWidth and enclosing the drawn PI2 by >= ubm.enclosesPi2;
 * the capture pad >= rdl.minCapturePad and enclosing the drawn UBM by >= rdl.enclosesUbm and the
 * drawn PI2 by >= rdl.enclosesPi2; the ball >= bump.minWidth. Snapping costs at most a few nm, which
 * the fit adds to the outer shape (the drawn diameters are in the cell's settings).
 */
import type { Cell, Dbu } from '../src/core/index.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { checkSides, defaultSides, fitAround } from './internal/circle.ts';
import { layerOf } from './internal/layers.ts';
import { enclosureOf, shortfall, widthOf } from './internal/measure.ts';
import { atLeastRule, checkTech, dbu, enclosesRule, knownKeys, rule } from './internal/params.ts';

export interface BumpStackOptions {
  /** PI2 opening across flats, dbu, even (default construction.pi2.diameter). */
  pi2?: Dbu;
  /** UBM across flats, dbu, even (default construction.ubm.diameter). */
  ubm?: Dbu;
  /** Capture pad across flats, dbu, even (default construction.capture.diameter). */
  capture?: Dbu;
  /** Ball outline across flats, dbu, even (default construction.bump.diameter). */
  bump?: Dbu;
  /** Sides of every polygon, a multiple of 8 (default: shapes.ts's count for a 5 nm deviation at the largest diameter, 360 for a 261 um ball; 8 draws octagons). */
  sides?: number;
}

/** The drawn sizes of a bump stack (across flats, nominal dbu the polygons were fitted at). */
export interface BumpStackSettings {
  pi2: Dbu;
  ubm: Dbu;
  capture: Dbu;
  bump: Dbu;
  sides: number;
  drawn: { pi2: Dbu; ubm: Dbu; capture: Dbu; bump: Dbu };
}

const FN = 'bumpStack';

/** The resolved, validated parameters of a bump stack (no drawing): shared with the daisy-chain die. */
export function bumpStackParams(tech: Technology, opts: BumpStackOptions = {}): { pi2: Dbu; ubm: Dbu; capture: Dbu; bump: Dbu; sides: number } {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['pi2', 'ubm', 'capture', 'bump', 'sides']);
  const c = tech.construction;
  const pi2 = dbu(FN, tech, 'pi2', opts.pi2 ?? c.pi2.diameter, { even: true });
  const ubm = dbu(FN, tech, 'ubm', opts.ubm ?? c.ubm.diameter, { even: true });
  const capture = dbu(FN, tech, 'capture', opts.capture ?? c.capture.diameter, { even: true });
  const bump = dbu(FN, tech, 'bump', opts.bump ?? c.bump.diameter, { even: true });
  const sides = checkSides(FN, tech, opts.sides ?? defaultSides(Math.max(pi2, ubm, capture, bump)));
  atLeastRule(FN, tech, 'pi2', pi2, 'pi2.minWidth');
  atLeastRule(FN, tech, 'ubm', ubm, 'ubm.minWidth');
  enclosesRule(FN, tech, 'ubm', ubm, 'pi2', pi2, 'ubm.enclosesPi2');
  atLeastRule(FN, tech, 'capture', capture, 'rdl.minCapturePad');
  atLeastRule(FN, tech, 'capture', capture, 'rdl.minWidth');
  enclosesRule(FN, tech, 'capture', capture, 'ubm', ubm, 'rdl.enclosesUbm');
  enclosesRule(FN, tech, 'capture', capture, 'pi2', pi2, 'rdl.enclosesPi2');
  atLeastRule(FN, tech, 'bump', bump, 'bump.minWidth');
  return { pi2, ubm, capture, bump, sides };
}

/**
 * `BUMPSTACK_<tech>_c<um>_u<um>_p<um>_b<um>_n<sides>` (c capture pad, u UBM, p PI2, b ball): the
 * stack at one bump site, centred on the origin. Throws InputError naming the parameter and the
 * rule (with its source) for sizes below a width rule or a UBM / capture pad too small to enclose
 * what it must.
 */
export function bumpStack(tech: Technology, opts: BumpStackOptions = {}): Cell {
  const p = bumpStackParams(tech, opts);
  const top = tech.construction.topMetal;
  return cached(
    'BUMPSTACK',
    p,
    (cell) => {
      // Every rule is met on the drawn vertices, exactly and as a checker measures (measure.ts).
      const r = (id: string) => rule(tech, id) ?? 0;
      const pi2 = fitAround(p.pi2, p.sides, (g) => shortfall(r('pi2.minWidth'), widthOf(g)), 'PI2');
      const ubm = fitAround(p.ubm, p.sides, (g) => Math.max(shortfall(r('ubm.minWidth'), widthOf(g)), 2 * shortfall(r('ubm.enclosesPi2'), enclosureOf(pi2.ring, g))), 'UBM');
      const cap = fitAround(
        p.capture,
        p.sides,
        (g) =>
          Math.max(
            shortfall(Math.max(r('rdl.minCapturePad'), r('rdl.minWidth')), widthOf(g)),
            rule(tech, 'rdl.enclosesUbm') !== undefined ? 2 * shortfall(r('rdl.enclosesUbm'), enclosureOf(ubm.ring, g)) : -Infinity,
            rule(tech, 'rdl.enclosesPi2') !== undefined ? 2 * shortfall(r('rdl.enclosesPi2'), enclosureOf(pi2.ring, g)) : -Infinity,
          ),
        'capture pad',
      );
      const ball = fitAround(p.bump, p.sides, (g) => shortfall(r('bump.minWidth'), widthOf(g)), 'BUMP');
      cell.addPolygon(layerOf(FN, tech, 'layer', top), cap.ring);
      cell.addPolygon(layerOf(FN, tech, 'layer', 'PI2'), pi2.ring);
      cell.addPolygon(layerOf(FN, tech, 'layer', 'UBM'), ubm.ring);
      cell.addPolygon(layerOf(FN, tech, 'layer', 'BUMP'), ball.ring);
      return { drawn: { pi2: pi2.d, ubm: ubm.d, capture: cap.d, bump: ball.d }, topMetal: top };
    },
    {
      tech,
      layers: [top, 'PI2', 'UBM', 'BUMP'],
      readable: [`c${umPart(p.capture)}`, `u${umPart(p.ubm)}`, `p${umPart(p.pi2)}`, `b${umPart(p.bump)}`, `n${p.sides}`],
      lossless: true,
    },
  );
}
