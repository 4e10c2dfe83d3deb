/**
 * Plated Cu post (column) at a bump site (process document 004: posts 10..200 um wide standing in a
 * polymer body; document 003: an optional second conductive section stacked on the first, in a second
 * buffer layer). The post is a round n-gon on POST; its diameter and height travel with the polygon
 * as GDS properties (PROPATTR 1 = diameter, 2 = height, in um, e.g. 'diameter_um=150') and in the
 * cell's settings, so downstream tools (the mechanics checks, a viewer) can read them.
 *
 * Width rules on the drawn polygon: across flats >= post.minWidth and across corners <= post.maxWidth.
 * The polygon circumscribes the nominal circle (flats >= diameter) unless its corners would then pass
 * post.maxWidth, in which case it is inscribed (corners <= diameter).
 */
import { toUm, type Cell, type Dbu, type LayerSpec, type Property } from '../src/core/index.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { checkSides, defaultSides, polygonAround, polygonWithin } from './internal/circle.ts';
import { auxLayer, layerOf } from './internal/layers.ts';
import { diameterOf, shortfall, widthOf } from './internal/measure.ts';
import { atLeastRule, atMostRule, checkTech, dbu, knownKeys, paramError, rule } from './internal/params.ts';

/** Largest post height accepted, dbu: 1 mm (the construction's bound; documents give 10..250 um). */
export const MAX_POST_HEIGHT: Dbu = 1_000_000;

/** GDS property attribute numbers carried by post polygons. */
export const POST_PROPERTY = { diameter: 1, height: 2 } as const;

export interface PostSection {
  /** Diameter, dbu, even. */
  diameter: Dbu;
  /** Height, dbu (> 0, <= 1 mm). */
  height: Dbu;
}

export interface PostOptions {
  /** Post diameter, dbu, even (default construction.post.diameter). */
  diameter?: Dbu;
  /** Post height, dbu (default construction.post.height). */
  height?: Dbu;
  /** An optional second section stacked on the first (drawn on layer POST2 when the technology has it). */
  second?: PostSection;
  /** Polygon sides, a multiple of 8 (default: a 5 nm deviation from the circle at the larger diameter). */
  sides?: number;
}

const FN = 'post';

function section(tech: Technology, prefix: string, d: unknown, h: unknown): PostSection {
  const diameter = dbu(FN, tech, `${prefix}diameter`, d, { even: true });
  const height = dbu(FN, tech, `${prefix}height`, h, { max: MAX_POST_HEIGHT });
  atLeastRule(FN, tech, `${prefix}diameter`, diameter, 'post.minWidth');
  atMostRule(FN, tech, `${prefix}diameter`, diameter, 'post.maxWidth');
  return { diameter, height };
}

/** The post polygon of nominal diameter d, meeting min/max width on the drawn vertices. */
function postRing(tech: Technology, d: Dbu, sides: number, param: string): Int32Array {
  const min = rule(tech, 'post.minWidth') ?? 0;
  const max = rule(tech, 'post.maxWidth') ?? Infinity;
  const ok = (ring: Int32Array) => shortfall(min, widthOf(ring)) <= 0 && diameterOf(ring) <= max;
  // Circumscribed first (grown by a few nm if snapping left it short of the margin), then inscribed.
  for (let k = 0; k <= 64; k++) {
    const ring = polygonAround(d + 2 * k, sides);
    if (ok(ring)) return ring;
    if (diameterOf(ring) > max) break;
  }
  const within = polygonWithin(d, sides);
  if (ok(within)) return within;
  throw paramError(FN, tech, param, `= ${toUm(d)} um: no ${sides}-gon of this diameter is both >= post.minWidth ${toUm(min)} um across flats and <= post.maxWidth ${toUm(max)} um across corners (use more sides)`);
}

function props(s: PostSection): Property[] {
  return [
    { attr: POST_PROPERTY.diameter, value: `diameter_um=${toUm(s.diameter)}` },
    { attr: POST_PROPERTY.height, value: `height_um=${toUm(s.height)}` },
  ];
}

/**
 * `POST_<tech>_d<um>_h<um>[_e<um>_f<um>]_n<sides>` (e, f: the second section's diameter and
 * height): the post centred on the origin on POST, the optional second section on POST2 (or, when
 * the technology has no POST2 layer, the POST layer number with the next free datatype; the cell's
 * settings say which).
 */
export function post(tech: Technology, opts: PostOptions = {}): Cell {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['diameter', 'height', 'second', 'sides']);
  const first = section(tech, '', opts.diameter ?? tech.construction.post.diameter, opts.height ?? tech.construction.post.height);
  let second: PostSection | undefined;
  if (opts.second !== undefined) {
    if (typeof opts.second !== 'object' || opts.second === null) throw paramError(FN, tech, 'second', 'must be { diameter, height }');
    knownKeys(FN, tech, opts.second, ['diameter', 'height']);
    second = section(tech, 'second.', opts.second.diameter, opts.second.height);
  }
  const sides = checkSides(FN, tech, opts.sides ?? defaultSides(Math.max(first.diameter, second?.diameter ?? 0)));
  const base = layerOf(FN, tech, 'layer', 'POST');
  const aux = auxLayer(tech, base, 'POST2');
  const readable = [`d${umPart(first.diameter)}`, `h${umPart(first.height)}`];
  if (second) readable.push(`e${umPart(second.diameter)}`, `f${umPart(second.height)}`);
  readable.push(`n${sides}`);
  return cached(
    'POST',
    {
      diameter: first.diameter,
      height: first.height,
      // The second section's GDS layer is part of the key: it depends on the whole layer map.
      ...(second ? { second: { diameter: second.diameter, height: second.height, layer: [aux.spec.layer, aux.spec.datatype] } } : {}),
      sides,
    },
    (cell) => {
      cell.addPolygon(base, postRing(tech, first.diameter, sides, 'diameter'), props(first));
      if (second) cell.addPolygon(aux.spec as LayerSpec, postRing(tech, second.diameter, sides, 'second.diameter'), props(second));
      return { totalHeight: first.height + (second?.height ?? 0), ...(second ? { secondLayer: aux.note } : {}) };
    },
    { tech, layers: ['POST', 'POST2'], readable, lossless: true },
  );
}
