/**
 * Tapered two-stage terminal (process document 002, JP 2000-306939): a land on the re-wiring layer;
 * a first resin layer opened over the land; a first terminal that fills that opening and tapers
 * upward above the first resin (a spherical segment, "球台", made by melting); a second resin layer
 * ground back until the first terminal shows, which opens it where the terminal pierces its top
 * surface; the solder ball (second terminal) on that opening.
 *
 * Geometry (z up from the land; t1, t2 resin thicknesses; H terminal height; a = opening1 / 2):
 * the cap spans z = t1 .. H with base radius a, sphere radius R = (a^2 + hc^2) / (2 hc), hc = H - t1,
 * centre at z = H - R; its radius at the top of the second resin z2 = t1 + t2 is
 * r(z2) = sqrt(R^2 - (z2 - (H - R))^2). The second opening is at most 2 r(z2) across: it is drawn
 * inscribed (every vertex within that circle), so it is no larger than the terminal allows.
 *
 * Layers: land on the top metal (RDL/RDL2), first opening on PI2 (the resin over the re-wiring), the
 * second opening on PI3 when the technology has it, else the PI2 layer number with the next free
 * datatype (the cell's settings name it), ball outline on BUMP.
 *
 * Checked: opening1 >= pi2.minWidth; the land encloses the drawn opening by >= rdl.enclosesPi2 (or,
 * in technologies without it, rdl.enclosesPi1, the RDL-over-polymer-opening rule); land >=
 * rdl.minCapturePad; ball >= bump.minWidth; and the document's claims: total resin t1 + t2 in
 * 50..500 um (claim 2), H >= t1 + t2 (claim 3), the terminal tapers upward (hc <= a, claims 1, 4).
 */
import { toUm, type Cell, type Dbu, type LayerSpec } from '../src/core/index.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { checkSides, defaultSides, fitAround, polygonWithin } from './internal/circle.ts';
import { auxLayer, layerOf } from './internal/layers.ts';
import { diameterOf, enclosureOf, shortfall, widthOf } from './internal/measure.ts';
import { atLeastRule, checkTech, dbu, enclosesRule, knownKeys, paramError, rule } from './internal/params.ts';

/** Total resin thickness range of the document's claim 2, dbu. */
export const TERMINAL_RESIN_RANGE: readonly [Dbu, Dbu] = [50_000, 500_000];
const DOC = 'JP2000-306939';

export interface TerminalOptions {
  /** Land diameter across flats, dbu, even (default construction.capture.diameter). */
  land?: Dbu;
  /** First-resin opening across flats, dbu, even (default construction.pi2.diameter). */
  opening1?: Dbu;
  /** First resin thickness, dbu (default 25 um). */
  resin1?: Dbu;
  /** Second resin thickness, dbu (default 50 um). */
  resin2?: Dbu;
  /** First terminal height above the land, dbu (default resin1 + opening1 / 2: a hemisphere on the first resin). */
  height?: Dbu;
  /** Second-resin opening diameter, dbu, even (default: the largest the terminal allows, floored to even nm). */
  opening2?: Dbu;
  /** Solder ball outline, dbu, even (default construction.bump.diameter). */
  ball?: Dbu;
  sides?: number;
}

/** Radius (dbu, float) of the first terminal at height z above the land; 0 above its top. */
export function terminalRadiusAt(opening1: Dbu, resin1: Dbu, height: Dbu, z: Dbu): number {
  const a = opening1 / 2;
  if (z <= resin1) return a;
  const hc = height - resin1;
  if (z >= height) return 0;
  const R = (a * a + hc * hc) / (2 * hc);
  const zc = height - R;
  return Math.sqrt(Math.max(0, R * R - (z - zc) * (z - zc)));
}

const FN = 'terminalOpening';

/**
 * `TERMINAL_<tech>_l.._o.._t.._s.._h.._q.._b.._n..`: the two-stage terminal centred on the origin
 * (l land, o first opening, t/s resin thicknesses, h terminal height, q second opening, b ball).
 */
export function terminalOpening(tech: Technology, opts: TerminalOptions = {}): Cell {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['land', 'opening1', 'resin1', 'resin2', 'height', 'opening2', 'ball', 'sides']);
  const c = tech.construction;
  const land = dbu(FN, tech, 'land', opts.land ?? c.capture.diameter, { even: true });
  const o1 = dbu(FN, tech, 'opening1', opts.opening1 ?? c.pi2.diameter, { even: true });
  const t1 = dbu(FN, tech, 'resin1', opts.resin1 ?? 25_000);
  const t2 = dbu(FN, tech, 'resin2', opts.resin2 ?? 50_000);
  const height = dbu(FN, tech, 'height', opts.height ?? t1 + Math.floor(o1 / 2));
  const ball = dbu(FN, tech, 'ball', opts.ball ?? c.bump.diameter, { even: true });
  const sides = checkSides(FN, tech, opts.sides ?? defaultSides(Math.max(land, ball)));
  const encId = rule(tech, 'rdl.enclosesPi2') !== undefined ? 'rdl.enclosesPi2' : 'rdl.enclosesPi1';

  atLeastRule(FN, tech, 'opening1', o1, 'pi2.minWidth');
  atLeastRule(FN, tech, 'land', land, 'rdl.minCapturePad');
  atLeastRule(FN, tech, 'land', land, 'rdl.minWidth');
  enclosesRule(FN, tech, 'land', land, 'opening1', o1, encId);
  atLeastRule(FN, tech, 'ball', ball, 'bump.minWidth');
  const total = t1 + t2;
  if (total < TERMINAL_RESIN_RANGE[0] || total > TERMINAL_RESIN_RANGE[1]) {
    throw paramError(FN, tech, 'resin2', `= ${toUm(t2)} um with resin1 = ${toUm(t1)} um gives a total resin of ${toUm(total)} um, outside ${toUm(TERMINAL_RESIN_RANGE[0])}..${toUm(TERMINAL_RESIN_RANGE[1])} um (${DOC} claim 2: total resin thickness)`);
  }
  if (height <= total) {
    throw paramError(FN, tech, 'height', `= ${toUm(height)} um does not reach above both resins (${toUm(total)} um): ${DOC} claim 3 needs the first terminal at least as high as the total resin thickness, and the second opening needs it to pierce the top`);
  }
  if (height - t1 > o1 / 2) {
    throw paramError(FN, tech, 'height', `= ${toUm(height)} um makes the part above the first resin ${toUm(height - t1)} um tall on a ${toUm(o1 / 2)} um base radius: more than a hemisphere, so it no longer tapers upward (${DOC} claims 1, 4; use height <= resin1 + opening1 / 2 = ${toUm(t1 + Math.floor(o1 / 2))} um)`);
  }
  const rTop = terminalRadiusAt(o1, t1, height, total);
  const o2Max = 2 * Math.floor(rTop); // even nm, within the cross-section
  if (o2Max <= 0) throw paramError(FN, tech, 'height', `= ${toUm(height)} um leaves no terminal cross-section at the top of the second resin`);
  const o2 = dbu(FN, tech, 'opening2', opts.opening2 ?? o2Max, { even: true });
  if (o2 > o2Max) {
    throw paramError(FN, tech, 'opening2', `= ${toUm(o2)} um is larger than the first terminal allows: its cross-section at the top of the second resin (z = ${toUm(total)} um) is ${toUm(2 * rTop)} um across (${DOC}: the second opening exposes the first terminal)`);
  }

  const pi2 = layerOf(FN, tech, 'layer', 'PI2');
  const aux = auxLayer(tech, pi2, 'PI3');
  const top = c.topMetal;
  return cached(
    'TERMINAL',
    { land, opening1: o1, resin1: t1, resin2: t2, height, opening2: o2, ball, sides, opening2Layer: [aux.spec.layer, aux.spec.datatype] },
    (cell) => {
      // Rules met on the drawn vertices, exactly and as a checker measures (see measure.ts).
      const enc = rule(tech, encId) ?? 0;
      const open1 = fitAround(o1, sides, (g) => shortfall(rule(tech, 'pi2.minWidth') ?? 0, widthOf(g)), 'first opening');
      const landRing = fitAround(land, sides, (g) => Math.max(shortfall(Math.max(rule(tech, 'rdl.minCapturePad') ?? 0, rule(tech, 'rdl.minWidth') ?? 0), widthOf(g)), 2 * shortfall(enc, enclosureOf(open1.ring, g))), 'land');
      const open2 = polygonWithin(o2, sides);
      if (diameterOf(open2) > 2 * rTop) throw new Error('internal: inscribed second opening exceeds the terminal cross-section');
      const ballRing = fitAround(ball, sides, (g) => shortfall(rule(tech, 'bump.minWidth') ?? 0, widthOf(g)), 'ball');
      cell.addPolygon(layerOf(FN, tech, 'layer', top), landRing.ring);
      cell.addPolygon(pi2, open1.ring);
      cell.addPolygon(aux.spec as LayerSpec, open2);
      cell.addPolygon(layerOf(FN, tech, 'layer', 'BUMP'), ballRing.ring);
      return {
        drawn: { land: landRing.d, opening1: open1.d },
        landEnclosureRule: encId,
        opening2LayerNote: aux.note,
        terminalRadiusAtTop: rTop,
        opening2Max: o2Max,
      };
    },
    {
      tech,
      layers: [top, 'PI2', 'PI3', 'BUMP'],
      readable: [`l${umPart(land)}`, `o${umPart(o1)}`, `t${umPart(t1)}`, `s${umPart(t2)}`, `h${umPart(height)}`, `q${umPart(o2)}`, `b${umPart(ball)}`, `n${sides}`],
      lossless: true,
    },
  );
}
