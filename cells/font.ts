/**
 * A polygon font for die IDs and wafer labels that must be legible on a mask: glyphs are strokes on a
 * 4 x 6 grid drawn with a square pen one grid unit wide (the Minkowski sum of each stroke with the
 * pen is the convex hull of 8 integer points, so every vertex is on the 1 nm grid), unioned per glyph
 * into clean polygons. Upper-case letters, digits, '-', '_', '.', ':', '/' and space; lower-case
 * letters are drawn as upper case. Zero carries a centre dot so it never reads as O.
 *
 * Metrics, in units u (u = 2 floor(height / 14) dbu, so the pen half-width u / 2 is whole dbu):
 * ink height 7u (from the baseline y = 0 to 7u), glyph ink width 5u, advance 6u (1u between glyphs),
 * stroke width u (straight strokes; diagonals are wider, u (|cos| + |sin|)).
 */
import { InputError, toUm, type Cell, type Dbu, type LayerLike } from '../src/core/index.ts';
import { toLayer } from '../src/core/index.ts';
import { toGdsRings, union } from '../src/geom/clipper.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, stableHash, umPart } from './cache.ts';
import { layerOf, spaceRuleOf, widthRuleOf } from './internal/layers.ts';
import { checkTech, dbu, E_CELL_PARAM, knownKeys, paramError, rule, ruleText } from './internal/params.ts';

type Stroke = readonly (readonly [number, number])[];

/** Stroke centre lines per glyph, grid units: x 0..4, y 0..6 (y up). A one-point stroke is a dot. */
const GLYPHS: Readonly<Record<string, readonly Stroke[]>> = {
  A: [[[0, 0], [0, 4], [2, 6], [4, 4], [4, 0]], [[0, 2], [4, 2]]],
  B: [[[0, 0], [0, 6], [3, 6], [4, 5], [4, 4], [3, 3], [0, 3]], [[3, 3], [4, 2], [4, 1], [3, 0], [0, 0]]],
  C: [[[4, 5], [3, 6], [1, 6], [0, 5], [0, 1], [1, 0], [3, 0], [4, 1]]],
  D: [[[0, 0], [0, 6], [2, 6], [4, 4], [4, 2], [2, 0], [0, 0]]],
  E: [[[4, 6], [0, 6], [0, 0], [4, 0]], [[0, 3], [3, 3]]],
  F: [[[4, 6], [0, 6], [0, 0]], [[0, 3], [3, 3]]],
  G: [[[4, 5], [3, 6], [1, 6], [0, 5], [0, 1], [1, 0], [3, 0], [4, 1], [4, 3], [2, 3]]],
  H: [[[0, 0], [0, 6]], [[4, 0], [4, 6]], [[0, 3], [4, 3]]],
  I: [[[1, 6], [3, 6]], [[2, 6], [2, 0]], [[1, 0], [3, 0]]],
  J: [[[2, 6], [4, 6], [4, 1], [3, 0], [1, 0], [0, 1]]],
  K: [[[0, 0], [0, 6]], [[4, 6], [1, 3], [0, 3]], [[1, 3], [4, 0]]],
  L: [[[0, 6], [0, 0], [4, 0]]],
  M: [[[0, 0], [0, 6], [2, 4], [4, 6], [4, 0]]],
  N: [[[0, 0], [0, 6], [4, 0], [4, 6]]],
  O: [[[1, 0], [0, 1], [0, 5], [1, 6], [3, 6], [4, 5], [4, 1], [3, 0], [1, 0]]],
  P: [[[0, 0], [0, 6], [3, 6], [4, 5], [4, 4], [3, 3], [0, 3]]],
  Q: [[[1, 0], [0, 1], [0, 5], [1, 6], [3, 6], [4, 5], [4, 1], [3, 0], [1, 0]], [[2, 2], [4, 0]]],
  R: [[[0, 0], [0, 6], [3, 6], [4, 5], [4, 4], [3, 3], [0, 3]], [[2, 3], [4, 0]]],
  S: [[[4, 5], [3, 6], [1, 6], [0, 5], [0, 4], [1, 3], [3, 3], [4, 2], [4, 1], [3, 0], [1, 0], [0, 1]]],
  T: [[[0, 6], [4, 6]], [[2, 6], [2, 0]]],
  U: [[[0, 6], [0, 1], [1, 0], [3, 0], [4, 1], [4, 6]]],
  V: [[[0, 6], [2, 0], [4, 6]]],
  W: [[[0, 6], [0, 0], [2, 2], [4, 0], [4, 6]]],
  X: [[[0, 6], [0, 5], [4, 1], [4, 0]], [[0, 0], [0, 1], [4, 5], [4, 6]]],
  Y: [[[0, 6], [0, 5], [2, 3], [4, 5], [4, 6]], [[2, 3], [2, 0]]],
  Z: [[[0, 6], [4, 6], [4, 5], [0, 1], [0, 0], [4, 0]]],
  '0': [[[1, 0], [0, 1], [0, 5], [1, 6], [3, 6], [4, 5], [4, 1], [3, 0], [1, 0]], [[2, 3]]],
  '1': [[[1, 5], [2, 6], [2, 0]], [[1, 0], [3, 0]]],
  '2': [[[0, 5], [1, 6], [3, 6], [4, 5], [4, 4], [0, 0], [4, 0]]],
  '3': [[[0, 5], [1, 6], [3, 6], [4, 5], [4, 4], [3, 3], [1, 3]], [[3, 3], [4, 2], [4, 1], [3, 0], [1, 0], [0, 1]]],
  '4': [[[3, 0], [3, 6], [0, 3], [0, 2], [4, 2]]],
  '5': [[[4, 6], [0, 6], [0, 3], [3, 3], [4, 2], [4, 1], [3, 0], [0, 0]]],
  '6': [[[3, 6], [1, 6], [0, 5], [0, 1], [1, 0], [3, 0], [4, 1], [4, 2], [3, 3], [0, 3]]],
  '7': [[[0, 6], [4, 6], [4, 5], [1, 2], [1, 0]]],
  '8': [[[1, 3], [0, 4], [0, 5], [1, 6], [3, 6], [4, 5], [4, 4], [3, 3], [1, 3], [0, 2], [0, 1], [1, 0], [3, 0], [4, 1], [4, 2], [3, 3]]],
  '9': [[[4, 3], [1, 3], [0, 4], [0, 5], [1, 6], [3, 6], [4, 5], [4, 1], [3, 0], [1, 0]]],
  '-': [[[1, 3], [3, 3]]],
  _: [[[0, 0], [4, 0]]],
  '.': [[[2, 0]]],
  ':': [[[2, 1]], [[2, 4]]],
  '/': [[[0, 0], [0, 1], [4, 5], [4, 6]]],
  ' ': [],
};

/** The characters the font draws (lower-case letters are accepted and drawn upper case). */
export const FONT_CHARACTERS: string = Object.keys(GLYPHS).join('');

/** Ink height in grid units (pen included) and the advance per character. */
const INK_UNITS = 7;
const ADVANCE_UNITS = 6;

/** Convex hull (counter-clockwise, no collinear points) of integer points, by monotone chain. */
function hull(pts: number[][]): number[] {
  const p = pts.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: number[][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: number[][] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)].flat();
}

/** Normalises text to what the font draws; throws InputError naming the first character it cannot draw. */
export function normaliseText(fn: string, text: unknown, param = 'text'): string {
  if (typeof text !== 'string' || text.length === 0) throw new InputError(E_CELL_PARAM, `${fn}: parameter '${param}' must be a non-empty string`);
  const t = text.toUpperCase();
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] in GLYPHS)) {
      throw new InputError(E_CELL_PARAM, `${fn}: parameter '${param}' = ${JSON.stringify(text)}: character ${JSON.stringify(text[i])} at index ${i} is not in the font (allowed: A-Z, 0-9, '-', '_', '.', ':', '/', space)`);
    }
  }
  if (t.trim().length === 0) throw new InputError(E_CELL_PARAM, `${fn}: parameter '${param}' is blank (nothing to draw)`);
  return t;
}

/** The grid unit (stroke width) for a requested ink height: 2 floor(height / 14) dbu. */
export function fontUnit(height: Dbu): Dbu {
  return 2 * Math.floor(height / 14);
}

/** Width of a text's ink box, dbu, at unit u. */
export function textWidth(text: string, u: Dbu): Dbu {
  return text.length === 0 ? 0 : ((text.length - 1) * ADVANCE_UNITS + 5) * u;
}

/**
 * The rings of `text` (already normalised) at grid unit `u` (even dbu), one or more polygons per
 * glyph, each glyph unioned. The ink box is [0, textWidth] x [0, 7u]. Rings are hole-free
 * (keyholed) and ready for Cell.addPolygon.
 */
export function textRings(text: string, u: Dbu): Int32Array[] {
  const h = u / 2;
  const out: Int32Array[] = [];
  for (let i = 0; i < text.length; i++) {
    const strokes = GLYPHS[text[i]];
    if (!strokes || strokes.length === 0) continue;
    const ox = i * ADVANCE_UNITS * u + h;
    const oy = h;
    const pieces: number[][] = [];
    for (const s of strokes) {
      const pts = s.map(([x, y]) => [ox + x * u, oy + y * u]);
      const segs = pts.length === 1 ? [[pts[0], pts[0]]] : pts.slice(1).map((p, k) => [pts[k], p]);
      for (const [a, b] of segs) {
        const corners: number[][] = [];
        for (const q of [a, b]) for (const [dx, dy] of [[-h, -h], [h, -h], [h, h], [-h, h]]) corners.push([q[0] + dx, q[1] + dy]);
        pieces.push(hull(corners));
      }
    }
    out.push(...toGdsRings(union(pieces, [], { what: `glyph '${text[i]}'` })));
  }
  return out;
}

export interface TextOptions {
  /** Requested ink height, dbu (>= 14); the drawn height is 7 x fontUnit(height) <= height. */
  height: Dbu;
  /** A technology layer name (then the layer's width and space rules are checked) or a layer spec. */
  layer: string | LayerLike;
  /** Needed when `layer` is a name. */
  tech?: Technology;
  /** 'left' (default): ink box starts at x = 0; 'centre': centred on x = 0; 'right': ends at x = 0. */
  align?: 'left' | 'centre' | 'right';
}

const FN_TEXT = 'textPolygons';

/**
 * `TEXT_<layer>_h<um>_<text>[_<hash>]`: `text` as polygons, baseline at y = 0, aligned on x = 0.
 * Throws InputError for characters outside the font, a height below 14 nm, or (with a named
 * technology layer) a stroke narrower than the layer's width rule or a glyph gap below its space rule.
 */
export function textPolygons(text: string, options: TextOptions): Cell {
  if (typeof options !== 'object' || options === null) throw paramError(FN_TEXT, undefined, 'options', 'must be { height, layer[, tech, align] }');
  const opts = options;
  if (opts.tech !== undefined) checkTech(FN_TEXT, opts.tech);
  knownKeys(FN_TEXT, opts.tech, opts, ['height', 'layer', 'tech', 'align']);
  const t = normaliseText(FN_TEXT, text);
  const height = dbu(FN_TEXT, opts.tech, 'height', opts.height, { min: 14 });
  const u = fontUnit(height);
  const align = opts.align ?? 'left';
  if (!['left', 'centre', 'right'].includes(align)) throw paramError(FN_TEXT, opts.tech, 'align', `= ${JSON.stringify(align)}: expected 'left', 'centre' or 'right'`);
  let layer: { layer: number; datatype: number };
  let layerTag: string;
  const tech = opts.tech;
  if (typeof opts.layer === 'string') {
    if (!tech) throw paramError(FN_TEXT, undefined, 'layer', `= '${opts.layer}' is a layer name: pass the technology as 'tech' (or give a [layer, datatype] pair)`);
    layer = layerOf(FN_TEXT, tech, 'layer', opts.layer);
    layerTag = opts.layer.replace(/_/g, '-');
    // The stroke is the narrowest ink and the 1u gap between glyphs the smallest space.
    const w = widthRuleOf(opts.layer);
    const rw = w ? rule(tech, w) : undefined;
    if (w && rw !== undefined && u < rw) throw paramError(FN_TEXT, tech, 'height', `= ${toUm(height)} um gives ${toUm(u)} um strokes, below ${ruleText(tech, w, rw)} (use height >= ${toUm(7 * rw)} um)`);
    const s = spaceRuleOf(opts.layer);
    const rs = s ? rule(tech, s) : undefined;
    if (s && rs !== undefined && u < rs) throw paramError(FN_TEXT, tech, 'height', `= ${toUm(height)} um gives ${toUm(u)} um gaps, below ${ruleText(tech, s, rs)} (use height >= ${toUm(7 * rs)} um)`);
  } else {
    layer = toLayer(opts.layer, `${FN_TEXT} layer`);
    layerTag = `L${layer.layer}D${layer.datatype}`;
  }
  const ink = INK_UNITS * u;
  const width = textWidth(t, u);
  const dx = align === 'left' ? 0 : align === 'right' ? -width : -Math.floor(width / 2);
  const safe = t.replace(/ /g, '-');
  // Spaces become '-': lossless only when the text has no space and no character outside [A-Z0-9.-].
  const lossless = /^[A-Z0-9.-]+$/.test(t) && t.length <= 64;
  return cached(
    'TEXT',
    { text: t, height: ink, layer: [layer.layer, layer.datatype], align },
    (cell) => {
      for (const r of textRings(t, u)) {
        const moved = new Int32Array(r.length);
        for (let i = 0; i < r.length; i += 2) {
          moved[i] = r[i] + dx;
          moved[i + 1] = r[i + 1];
        }
        cell.addPolygon(layer, moved);
      }
      return { unit: u, inkWidth: width, inkHeight: ink };
    },
    {
      ...(tech && typeof opts.layer === 'string' ? { tech, layers: [opts.layer] } : {}),
      readable: [layerTag, `h${umPart(ink)}`, ...(align === 'left' ? [] : [align]), safe.replace(/[^A-Z0-9.-]/g, '-').slice(0, 64) || stableHash(t, 4)],
      lossless,
    },
  );
}
