/**
 * Marks: street corner marks (L shapes in the dicing street at the die corners), an alignment cross,
 * and a two-axis vernier that reads the overlay of one mask layer on another. Everything is
 * rectilinear with integer edges, so every width and space is exact.
 */
import { Transform, toUm, type Cell, type Dbu } from '../src/core/index.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { dieBox } from './die.ts';
import { layerOf, spaceRuleOf, widthRuleOf } from './internal/layers.ts';
import { atLeastRule, checkTech, count, dbu, knownKeys, paramError, rule, ruleText } from './internal/params.ts';

/** Throws unless `value` meets the min width rule of the named layer (when the layer has one). */
function widthOnLayer(fn: string, tech: Technology, param: string, value: Dbu, layer: string): void {
  const id = widthRuleOf(layer);
  if (id) atLeastRule(fn, tech, param, value, id);
}

export interface CornerMarkOptions {
  /** Die width and height (without street), dbu. */
  width: Dbu;
  height: Dbu;
  /** Street width, dbu: the marks stay inside the die's half (street / 2 beyond the die edge). */
  street: Dbu;
  /** Line width of the L, dbu (default 10 um, >= the layer's width rule). */
  line?: Dbu;
  /** Arm length of the L measured from its outer corner, dbu (default 100 um). */
  arm?: Dbu;
  /** Gap from the die edge to the mark, dbu (default 5 um, >= 0). */
  gap?: Dbu;
  /** Layer name (default 'MARK'). */
  layer?: string;
}

const FN_CORNER = 'cornerMarks';

/**
 * `CORNERMARKS_<tech>_w.._h.._s.._l.._a.._g.._<layer>`: four L marks in the street, one at each die
 * corner, their outer corners pointing at the street crossings (where a dicing saw aligns). The die
 * frame is that of dieOutline (centred on the origin).
 */
export function cornerMarks(tech: Technology, opts: CornerMarkOptions): Cell {
  checkTech(FN_CORNER, tech);
  knownKeys(FN_CORNER, tech, opts, ['width', 'height', 'street', 'line', 'arm', 'gap', 'layer']);
  const w = dbu(FN_CORNER, tech, 'width', opts?.width);
  const h = dbu(FN_CORNER, tech, 'height', opts.height);
  const street = dbu(FN_CORNER, tech, 'street', opts.street, { even: true });
  const line = dbu(FN_CORNER, tech, 'line', opts.line ?? 10_000);
  const arm = dbu(FN_CORNER, tech, 'arm', opts.arm ?? 100_000);
  const gap = dbu(FN_CORNER, tech, 'gap', opts.gap ?? 5_000, { min: 0 });
  const layerName = opts.layer ?? 'MARK';
  const layer = layerOf(FN_CORNER, tech, 'layer', layerName);
  widthOnLayer(FN_CORNER, tech, 'line', line, layerName);
  if (gap + line > street / 2) {
    throw paramError(FN_CORNER, tech, 'line', `= ${toUm(line)} um plus gap ${toUm(gap)} um does not fit in the die's half street ${toUm(street / 2)} um`);
  }
  if (arm <= line) throw paramError(FN_CORNER, tech, 'arm', `= ${toUm(arm)} um must be longer than the line width ${toUm(line)} um (else there is no L)`);
  if (arm > gap + line + Math.min(w, h) / 2) throw paramError(FN_CORNER, tech, 'arm', `= ${toUm(arm)} um reaches past the middle of the die side (${toUm(Math.min(w, h))} um)`);
  return cached(
    'CORNERMARKS',
    { width: w, height: h, street, line, arm, gap, layer: layerName },
    (cell) => {
      const [x0, y0, x1, y1] = dieBox(w, h);
      // Outer corner of the L at (cx, cy); (sx, sy) points from the die corner into the street.
      for (const [cx, cy, sx, sy] of [[x1, y1, 1, 1], [x0, y1, -1, 1], [x0, y0, -1, -1], [x1, y0, 1, -1]] as const) {
        const ox = cx + sx * (gap + line);
        const oy = cy + sy * (gap + line);
        const ix = cx + sx * gap;
        const iy = cy + sy * gap;
        const ax = ox - sx * arm;
        const ay = oy - sy * arm;
        const ring = [ox, oy, ax, oy, ax, iy, ix, iy, ix, ay, ox, ay];
        // Counter-clockwise whatever the quadrant (mirroring once flips the winding).
        if (sx * sy < 0) {
          const rev: number[] = [];
          for (let i = ring.length - 2; i >= 0; i -= 2) rev.push(ring[i], ring[i + 1]);
          cell.addPolygon(layer, rev);
        } else cell.addPolygon(layer, ring);
      }
    },
    {
      tech,
      layers: [layerName],
      readable: [`w${umPart(w)}`, `h${umPart(h)}`, `s${umPart(street)}`, `l${umPart(line)}`, `a${umPart(arm)}`, `g${umPart(gap)}`, layerName.replace(/_/g, '-')],
      lossless: !layerName.includes('_'),
    },
  );
}

export interface CrossOptions {
  /** Tip-to-tip size of the cross, dbu, even (default 200 um). */
  size?: Dbu;
  /** Bar width, dbu, even (default 20 um). */
  line?: Dbu;
  /** Layer name (default 'MARK'). */
  layer?: string;
}

const FN_CROSS = 'alignmentCross';

/** `CROSS_<tech>_s.._l.._<layer>`: a plus-shaped alignment key centred on the origin, one 12-vertex polygon. */
export function alignmentCross(tech: Technology, opts: CrossOptions = {}): Cell {
  checkTech(FN_CROSS, tech);
  knownKeys(FN_CROSS, tech, opts, ['size', 'line', 'layer']);
  const size = dbu(FN_CROSS, tech, 'size', opts.size ?? 200_000, { even: true });
  const line = dbu(FN_CROSS, tech, 'line', opts.line ?? 20_000, { even: true });
  const layerName = opts.layer ?? 'MARK';
  const layer = layerOf(FN_CROSS, tech, 'layer', layerName);
  widthOnLayer(FN_CROSS, tech, 'line', line, layerName);
  if (size < 3 * line) throw paramError(FN_CROSS, tech, 'size', `= ${toUm(size)} um must be at least 3 x line (${toUm(3 * line)} um) so the arms read as a cross`);
  return cached(
    'CROSS',
    { size, line, layer: layerName },
    (cell) => {
      const a = size / 2;
      const b = line / 2;
      cell.addPolygon(layer, [-b, -a, b, -a, b, -b, a, -b, a, b, b, b, b, a, -b, a, -b, b, -a, b, -a, -b, -b, -b]);
    },
    { tech, layers: [layerName], readable: [`s${umPart(size)}`, `l${umPart(line)}`, layerName.replace(/_/g, '-')], lossless: !layerName.includes('_') },
  );
}

export interface VernierOptions {
  /** The reference layer (main scale, drawn first on the wafer), default 'PI1'. */
  ref?: string;
  /** The layer whose overlay on `ref` is read (vernier scale), default 'RDL'. */
  test?: string;
  /** Tick width, dbu, even (default: the larger width rule of the two layers, at least 2 um). */
  tick?: Dbu;
  /** Main-scale pitch, dbu (default tick + the larger of the layers' space rules and the tick). */
  pitch?: Dbu;
  /** Vernier step: the vernier pitch is pitch + step, so the reading resolution is `step` (default 1 um). */
  step?: Dbu;
  /** Ticks per scale, odd, 3..101 (default 11: reads +-5 steps). */
  count?: number;
  /** Tick length, dbu (default 5 x tick); the centre ticks are 1.5 x longer. */
  length?: Dbu;
}

const FN_VERNIER = 'alignmentVernier';

/**
 * `VERNIER_<tech>_<ref>-<test>_t.._p.._s.._n.._l..`: two vernier scales, one reading x (ticks
 * vertical, at the origin) and one reading y (the same scale turned 90 degrees, above and to the
 * right of it). Main-scale ticks on `ref` below the reading line y = 0, vernier ticks on `test` above
 * it at pitch + step: the ticks that line up read the overlay error in steps. Tick width and the gaps
 * between ticks are checked against each layer's width and space rules.
 */
export function alignmentVernier(tech: Technology, opts: VernierOptions = {}): Cell {
  checkTech(FN_VERNIER, tech);
  knownKeys(FN_VERNIER, tech, opts, ['ref', 'test', 'tick', 'pitch', 'step', 'count', 'length']);
  const refName = opts.ref ?? 'PI1';
  const testName = opts.test ?? 'RDL';
  const refLayer = layerOf(FN_VERNIER, tech, 'ref', refName);
  const testLayer = layerOf(FN_VERNIER, tech, 'test', testName);
  if (refName === testName) throw paramError(FN_VERNIER, tech, 'test', `= '${testName}' is the reference layer too (a vernier compares two masks)`);
  const wr = (n: string) => (widthRuleOf(n) ? rule(tech, widthRuleOf(n)!) : undefined) ?? 0;
  const sr = (n: string) => (spaceRuleOf(n) ? rule(tech, spaceRuleOf(n)!) : undefined) ?? 0;
  const evenUp = (v: number) => v + (v % 2);
  const tick = dbu(FN_VERNIER, tech, 'tick', opts.tick ?? evenUp(Math.max(wr(refName), wr(testName), 2_000)), { even: true });
  widthOnLayer(FN_VERNIER, tech, 'tick', tick, refName);
  widthOnLayer(FN_VERNIER, tech, 'tick', tick, testName);
  const pitch = dbu(FN_VERNIER, tech, 'pitch', opts.pitch ?? tick + Math.max(sr(refName), sr(testName), tick));
  const step = dbu(FN_VERNIER, tech, 'step', opts.step ?? 1_000);
  const n = count(FN_VERNIER, tech, 'count', opts.count ?? 11, 3, 101);
  if (n % 2 === 0) throw paramError(FN_VERNIER, tech, 'count', `= ${n}: must be odd (one centre tick, the same number either side)`);
  const len = dbu(FN_VERNIER, tech, 'length', opts.length ?? 5 * tick, { even: true });
  if (pitch <= tick) throw paramError(FN_VERNIER, tech, 'pitch', `= ${toUm(pitch)} um leaves no gap between ${toUm(tick)} um ticks`);
  const spaceCheck = (layer: string, gap: Dbu, param: string) => {
    const id = spaceRuleOf(layer);
    const r = id ? rule(tech, id) : undefined;
    if (id && r !== undefined && gap < r) throw paramError(FN_VERNIER, tech, param, `leaves ${toUm(gap)} um between ${layer} ticks, below ${ruleText(tech, id, r)}`);
  };
  spaceCheck(refName, pitch - tick, 'pitch');
  spaceCheck(testName, pitch + step - tick, 'pitch');
  if (step >= pitch - tick) throw paramError(FN_VERNIER, tech, 'step', `= ${toUm(step)} um must be below the tick gap ${toUm(pitch - tick)} um (else the reading is ambiguous)`);
  if (len < tick) throw paramError(FN_VERNIER, tech, 'length', `= ${toUm(len)} um must be at least the tick width ${toUm(tick)} um`);
  const k = (n - 1) / 2;
  const long = len + len / 2;
  const span = k * (pitch + step) + tick / 2;
  return cached(
    'VERNIER',
    { ref: refName, test: testName, tick, pitch, step, count: n, length: len },
    (cell) => {
      // One axis in local coordinates; `place` maps it (identity for x, a quarter turn for y).
      const scale = (place: Transform) => {
        for (let i = -k; i <= k; i++) {
          const l = i === 0 ? long : len;
          const xr = i * pitch;
          const xt = i * (pitch + step);
          cell.addPolygon(refLayer, place.applyToCoords([xr - tick / 2, -l, xr + tick / 2, -l, xr + tick / 2, 0, xr - tick / 2, 0]));
          cell.addPolygon(testLayer, place.applyToCoords([xt - tick / 2, 0, xt + tick / 2, 0, xt + tick / 2, l, xt - tick / 2, l]));
        }
      };
      scale(Transform.IDENTITY);
      const off = span + long + tick;
      scale(new Transform({ x: off, y: off, rotation: 90 }));
      return { span };
    },
    {
      tech,
      layers: [refName, testName],
      readable: [`${refName}-${testName}`.replace(/_/g, '-'), `t${umPart(tick)}`, `p${umPart(pitch)}`, `s${umPart(step)}`, `n${n}`, `l${umPart(len)}`],
      lossless: !refName.includes('_') && !testName.includes('_') && !refName.includes('-') && !testName.includes('-'),
    },
  );
}
