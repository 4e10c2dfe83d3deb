/**
 * The daisy-chain test die, the standard board-level reliability vehicle: a bumped die whose bumps
 * are joined in pairs by RDL straps, so that a test board carrying the complementary pairs closes one
 * chain through every solder joint; a single cracked joint opens the chain.
 *
 * Sites are numbered in serpentine order (row 0 left to right, row 1 right to left, ...), so
 * consecutive sites are always neighbours one pitch apart. The die joins sites (0,1), (2,3), ...; the
 * board joins (1,2), (3,4), ...; the chain runs from site 0 to the last site. The cell's settings
 * list both pairings (as [col, row] pairs) and the chain ends, which is what the board designer needs.
 *
 * Contents: die outline (DIE, and the half street when `street` is given), seal ring, corner marks
 * (with `street`), the bump stacks as one AREF, the straps (with teardrops, construction.teardrop),
 * a net label per strap (GDS TEXT on the top metal) and the die ID in the polygon font on TEXT,
 * between the first two bump rows.
 */
import { toUm, translatedRing, type Cell, type Dbu } from '../src/core/index.ts';
import { difference, toGdsRings } from '../src/geom/clipper.ts';
import { teardrop as teardropFillet } from '../src/geom/shapes.ts';
import type { Technology } from '../src/tech/index.ts';
import { bumpStack, bumpStackParams, type BumpStackOptions, type BumpStackSettings } from './bump.ts';
import { cached, umPart } from './cache.ts';
import { dieBox, dieOutline, sealRing } from './die.ts';
import { fontUnit, normaliseText, textPolygons, textWidth } from './font.ts';
import { addNetLabel } from './label.ts';
import { cornerMarks } from './marks.ts';
import { polygonWithin } from './internal/circle.ts';
import { layerOf } from './internal/layers.ts';
import { CHECK_MARGIN, shortestEdge } from './internal/measure.ts';
import { atLeastRule, checkTech, count, dbu, knownKeys, paramError, rule, ruleText } from './internal/params.ts';

export interface DaisyChainOptions {
  /** Bump array: K for K x K, or [cols, rows] (default 6). */
  array?: number | readonly [number, number];
  /** Bump pitch, dbu (default construction.bump.pitch; the bump.pitch rule applies). */
  pitch?: Dbu;
  /** Die width and height, dbu (default: the smallest die the seal-ring and extent rules allow, in 10 um steps). */
  width?: Dbu;
  height?: Dbu;
  /** RDL strap width, dbu, even (default construction.rdl.width). */
  strapWidth?: Dbu;
  /** Dicing street, dbu, even: adds the die half street and street corner marks. */
  street?: Dbu;
  /** Die ID drawn in the polygon font (default 'DC<cols>X<rows>'); false for none. */
  label?: string | false;
  /** Bump stack sizes (see bumpStack). */
  bump?: BumpStackOptions;
}

/** A site of the array: [column, row], 0-based from the lower left. */
export type Site = readonly [number, number];

/** Site `s` of a cols-wide serpentine. */
export function serpentineSite(s: number, cols: number): Site {
  const row = Math.floor(s / cols);
  const k = s % cols;
  return [row % 2 === 0 ? k : cols - 1 - k, row];
}

/** The die-side pairs (0,1), (2,3), ... and the board-side pairs (1,2), (3,4), ... of a serpentine. */
export function daisyPairs(cols: number, rows: number): { die: [Site, Site][]; board: [Site, Site][]; ends: [Site, Site] } {
  const n = cols * rows;
  const die: [Site, Site][] = [];
  const board: [Site, Site][] = [];
  for (let s = 0; s + 1 < n; s++) (s % 2 === 0 ? die : board).push([serpentineSite(s, cols), serpentineSite(s + 1, cols)]);
  return { die, board, ends: [serpentineSite(0, cols), serpentineSite(n - 1, cols)] };
}

const FN = 'daisyChainDie';
const ROUND_DIE: Dbu = 10_000;


/** One strap from (0, 0) to (length, 0), `width` wide, with teardrops onto pads of across-flats `pad` at both ends. */
function strapCell(tech: Technology, length: Dbu, width: Dbu, pad: Dbu, teardrop: boolean): Cell {
  const top = tech.construction.topMetal;
  // shapes.teardrop needs a fraction below 1; a full-width fillet (1) is drawn at 0.99.
  const frac = Math.min(tech.construction.teardrop.widthFraction, 0.99);
  return cached(
    'STRAP',
    { length, width, pad, teardrop, widthFraction: frac },
    (cell) => {
      const layer = layerOf(FN, tech, 'layer', top);
      const h = width / 2;
      const strap = [0, -h, length, -h, length, h, 0, h];
      if (!teardrop) {
        cell.addPolygon(layer, strap);
        return;
      }
      // deca.csv rdl x.2: a fillet widthFraction x the pad wide where it meets the pad, narrowing to
      // the trace one trace width beyond the pad edge (shapes.teardrop; its pad-side corners sit just
      // inside the circle the drawn, circumscribed pad covers). Strap and fillets are merged into one
      // polygon so the mask data has no overlapping shapes.
      const fillets = [teardropFillet(0, 0, pad, [1, 0], width, { widthRatio: frac }), teardropFillet(length, 0, pad, [-1, 0], width, { widthRatio: frac })];
      // The part deep inside the pads adds nothing to the metal (the pad covers it) and would draw
      // the fillets' inner edges across the pad centres: cut it away at 0.8 of the pad radius.
      const core = polygonWithin(2 * Math.floor((0.8 * pad) / 2), 64);
      const cores = [translatedRing(core, 0, 0), translatedRing(core, length, 0)];
      const merged = difference([strap, ...fillets], cores, { what: 'daisy strap' });
      for (const ring of toGdsRings(merged)) cell.addPolygon(layer, ring);
    },
    { tech, layers: [top], readable: [`l${umPart(length)}`, `w${umPart(width)}`, `p${umPart(pad)}`, teardrop ? `t${frac}` : 'plain'], lossless: true },
  );
}

/**
 * `DAISY_<tech>_<cols>x<rows>_p<um>_w<um>_h<um>_<hash>`: the daisy-chain die centred on the origin.
 * Throws InputError naming the parameter and the rule for a pitch off the bump.pitch rule, pads or
 * balls that do not fit the pitch, a strap below rdl.minWidth, a die too small for the seal-ring
 * rules (ubm.sealCentreDistance, bump.sealSpace, capture pad one RDL space inside the ring) or
 * outside the chip-extent rules.
 */
export function daisyChainDie(tech: Technology, opts: DaisyChainOptions = {}): Cell {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['array', 'pitch', 'width', 'height', 'strapWidth', 'street', 'label', 'bump']);
  const arr = opts.array ?? 6;
  const [colsIn, rowsIn] = typeof arr === 'number' ? [arr, arr] : Array.isArray(arr) && arr.length === 2 ? arr : [NaN, NaN];
  const cols = count(FN, tech, 'array', colsIn, 1, 200);
  const rows = count(FN, tech, 'array', rowsIn, 1, 200);
  if (cols * rows < 2) throw paramError(FN, tech, 'array', `= ${cols} x ${rows}: a daisy chain needs at least two bumps`);
  const r = tech.rules;
  const c = tech.construction;

  const pitch = dbu(FN, tech, 'pitch', opts.pitch ?? c.bump.pitch);
  if (r.bump.pitchExact) {
    if (Math.abs(pitch - r.bump.pitch) > r.bump.pitchTolerance) {
      throw paramError(FN, tech, 'pitch', `= ${toUm(pitch)} um differs from ${ruleText(tech, 'bump.pitch')}, an exact (min/max) pitch${r.bump.pitchTolerance ? ` within ${toUm(r.bump.pitchTolerance)} um` : ''}`);
    }
  } else atLeastRule(FN, tech, 'pitch', pitch, 'bump.pitch');

  const bumpOpts = opts.bump ?? {};
  const bp = bumpStackParams(tech, bumpOpts);
  const stack = bumpStack(tech, bumpOpts);
  const drawn = (stack.settings as unknown as BumpStackSettings).drawn;
  const t = (name: string) => layerOf(FN, tech, 'layer', name);
  // Facing flats of neighbouring pads are one pitch minus the drawn across-flats apart.
  const space = c.rdl.space;
  if (pitch - drawn.capture < space) {
    throw paramError(FN, tech, 'pitch', `= ${toUm(pitch)} um leaves ${toUm(pitch - drawn.capture)} um between ${toUm(drawn.capture)} um capture pads, below the RDL space ${toUm(space)} um (${ruleText(tech, 'rdl.minSpace')})`);
  }
  if (drawn.bump >= pitch) throw paramError(FN, tech, 'pitch', `= ${toUm(pitch)} um: ${toUm(drawn.bump)} um balls would touch`);
  const strap = dbu(FN, tech, 'strapWidth', opts.strapWidth ?? c.rdl.width, { even: true });
  atLeastRule(FN, tech, 'strapWidth', strap, 'rdl.minWidth');
  if (strap > drawn.capture) throw paramError(FN, tech, 'strapWidth', `= ${toUm(strap)} um is wider than the ${toUm(drawn.capture)} um capture pads it joins`);
  // A strap passes a pad of the next row or column at pitch - pad/2 - strap/2.
  if (pitch - drawn.capture / 2 - strap / 2 < space) {
    throw paramError(FN, tech, 'strapWidth', `= ${toUm(strap)} um passes neighbouring pads closer than the RDL space ${toUm(space)} um (${ruleText(tech, 'rdl.minSpace')})`);
  }

  // Seal-ring margins from a bump centre to the die edge, on the drawn shapes. A distance d to a
  // polygonised circle reads up to d x 0.5 / (edge length) short in KLayout (measure.ts), so the
  // margins carry that allowance on top of the rule.
  const sealW = c.seal.width;
  const inset = c.seal.inset;
  const ringOn = (layer: string) => stack.polygons.find((g) => g.layer === t(layer).layer && g.datatype === t(layer).datatype)!.points;
  const allowance = (d: Dbu, ring: ArrayLike<number>) => Math.ceil((d * 0.5) / (shortestEdge(ring) - 0.5)) + CHECK_MARGIN;
  const sealSpace = r.bump.sealSpace;
  const needs: { id: string; margin: Dbu; why: string }[] = [
    { id: 'ubm.sealCentreDistance', margin: inset + r.ubm.sealCentreDistance, why: 'UBM centre to the seal ring outer edge' },
    ...(sealSpace !== undefined ? [{ id: 'bump.sealSpace', margin: inset + sealSpace + Math.ceil(drawn.bump / 2) + allowance(sealSpace, ringOn('BUMP')), why: 'ball edge to the seal ring outer edge' }] : []),
    { id: 'rdl.minSpace', margin: inset + sealW + space + Math.ceil(drawn.capture / 2) + allowance(space, ringOn(c.topMetal)), why: 'capture pad one RDL space inside the seal ring' },
  ];
  const need = Math.max(...needs.map((x) => x.margin));
  const spanX = (cols - 1) * pitch;
  const spanY = (rows - 1) * pitch;
  const roundUp = (v: Dbu) => Math.ceil(v / ROUND_DIE) * ROUND_DIE;
  let w = opts.width;
  let h = opts.height;
  if (w === undefined || h === undefined) {
    let dw = roundUp(spanX + 2 * need);
    let dh = roundUp(spanY + 2 * need);
    const emin = r.bump.chipExtentMin;
    if (emin) {
      if (dw >= dh) [dw, dh] = [Math.max(dw, emin[1]), Math.max(dh, emin[0])];
      else [dw, dh] = [Math.max(dw, emin[0]), Math.max(dh, emin[1])];
    }
    w ??= dw;
    h ??= dh;
  }
  w = dbu(FN, tech, 'width', w);
  h = dbu(FN, tech, 'height', h);
  const [x0, y0, x1, y1] = dieBox(w, h);
  const ax = -Math.floor(spanX / 2);
  const ay = -Math.floor(spanY / 2);
  const mx = Math.min(ax - x0, x1 - (ax + spanX));
  const my = Math.min(ay - y0, y1 - (ay + spanY));
  for (const [m, p] of [[mx, 'width'], [my, 'height']] as const) {
    for (const n of needs) {
      if (m < n.margin) {
        throw paramError(FN, tech, p, `= ${toUm(p === 'width' ? w : h)} um leaves ${toUm(m)} um from the outer bumps' centres to the die edge; ${n.why} needs ${toUm(n.margin)} um (seal inset ${toUm(inset)} um + ${ruleText(tech, n.id)})`);
      }
    }
  }
  const extent = [Math.min(w, h), Math.max(w, h)] as const;
  if (r.bump.chipExtentMin && (extent[0] < r.bump.chipExtentMin[0] || extent[1] < r.bump.chipExtentMin[1])) {
    throw paramError(FN, tech, 'width', `x height = ${toUm(w)} x ${toUm(h)} um is below rule bump.chipExtentMin = ${r.bump.chipExtentMin.map(toUm).join(' x ')} um (${tech.sources['bump.chipExtentMin']?.text})`);
  }
  if (r.bump.chipExtentMax && (extent[0] > r.bump.chipExtentMax[0] || extent[1] > r.bump.chipExtentMax[1])) {
    throw paramError(FN, tech, 'width', `x height = ${toUm(w)} x ${toUm(h)} um is above rule bump.chipExtentMax = ${r.bump.chipExtentMax.map(toUm).join(' x ')} um (${tech.sources['bump.chipExtentMax']?.text})`);
  }
  const street = opts.street === undefined ? undefined : dbu(FN, tech, 'street', opts.street, { even: true });
  const label = opts.label === false ? false : normaliseText(FN, opts.label ?? `DC${cols}X${rows}`, 'label');

  const pairs = daisyPairs(cols, rows);
  return cached(
    'DAISY',
    { cols, rows, pitch, width: w, height: h, strapWidth: strap, street: street ?? null, label, bump: bp },
    (cell) => {
      cell.addRef(dieOutline(tech, { width: w!, height: h!, ...(street !== undefined ? { street } : {}) }));
      cell.addRef(sealRing(tech, { width: w!, height: h! }));
      if (street !== undefined) cell.addRef(cornerMarks(tech, { width: w!, height: h!, street }));
      cell.addArray(stack, cols, rows, [pitch, 0], [0, pitch], { x: ax, y: ay });
      const s = strapCell(tech, pitch, strap, drawn.capture, c.teardrop.enabled);
      pairs.die.forEach(([a, b], k) => {
        const [ca, ra] = a[0] <= b[0] && a[1] <= b[1] ? a : b;
        const vertical = a[0] === b[0];
        const x = ax + ca * pitch;
        const y = ay + ra * pitch;
        cell.addRef(s, vertical ? { x, y, rotation: 90 } : { x, y });
        addNetLabel(cell, tech, `DC${k + 1}`, vertical ? x : x + Math.floor(pitch / 2), vertical ? y + Math.floor(pitch / 2) : y);
      });
      if (label !== false && rows >= 2) {
        // Between rows 0 and 1, clear of the balls and of the end columns' vertical straps.
        const gap = pitch - drawn.bump;
        const maxW = Math.max(cols - 2, 1) * pitch - drawn.capture / 2;
        let u = fontUnit(Math.min(70_000, Math.floor(gap / 2)));
        while (u >= 2 && textWidth(label, u) > maxW) u -= 2;
        if (u >= 2) {
          const t = textPolygons(label, { height: 7 * u, layer: 'TEXT', tech, align: 'centre' });
          cell.addRef(t, { x: 0, y: ay + Math.floor(pitch / 2) - Math.floor((7 * u) / 2) });
        }
      }
      return {
        bumpCell: stack.name,
        pairs: pairs.die,
        boardPairs: pairs.board,
        chainEnds: pairs.ends,
        arrayOrigin: [ax, ay],
      };
    },
    { tech, layers: ['DIE', 'STREET', 'SAW', 'SEAL', 'MARK', 'TEXT', c.topMetal, 'PI2', 'UBM', 'BUMP'], readable: [`${cols}x${rows}`, `p${umPart(pitch)}`, `w${umPart(w)}`, `h${umPart(h)}`], lossless: false },
  );
}
