/**
 * SVG preview of a cell hierarchy.
 *
 * Units and frame: the SVG user unit is 1 um (layout dbu / 1000, written exactly, see format.ts). The
 * layout is drawn inside one group `#layout` whose transform `matrix(1 0 0 -1 0 0)` turns the y axis
 * up, as in KLayout; nothing else is flipped, except each text label, which carries its own
 * counter-flip so it reads upright. Legend and scale bar sit outside the flip, in the y-down frame.
 *
 * Hierarchy is kept: every distinct cell is one `<g id>` in `<defs>`, placed with
 * `<use href="#id" transform>`. An AREF of cols x rows becomes one row group of `cols` uses plus
 * `rows` uses of that row, so a 50 x 50 array costs ~100 elements, not 2,500. Inside a cell, shapes
 * are grouped per layer in the caller's order as `<g class="layer-NAME" data-layer="L/D">` (CSS can hide
 * a layer everywhere with one rule); all polygons of a layer are one `<path>` with a nonzero fill
 * and rings normalised counter-clockwise, so overlaps paint once and keyholes stay holes. A cell is
 * drawn as: own shapes by layer, then its placed children, then its own labels (text on top).
 *
 * Labels and mirrors: a cell placed mirrored would show its labels in mirror writing. A cell with
 * labels below it that is reached through an odd number of mirrors therefore gets a second
 * definition (id suffix "-mx"): the same shapes, with its labels flipped the other way.
 * Cells without labels are never duplicated.
 *
 * Level of detail at the default display size (`pxPerUm`): polygons smaller than outlineMinPx are
 * filled without the 1 px outline and labels smaller than minLabelPx are left out. On a 300 mm wafer of
 * 2,500 dies this takes Chromium's render from ~30 s to ~3 s; what it drops would be sub-pixel smudges
 * at that size (zooming into such a preview shows small shapes filled but not outlined).
 *
 * Output is a pure function of the cell and the options: same input, identical string.
 */
import type { Cell, Label, Path, Polygon } from '../../core/cell.ts';
import { cellBBox, layerStats, type LayerStats } from '../../core/hierarchy.ts';
import type { Box } from '../../core/box.ts';
import { layerKey } from '../../core/layer.ts';
import { Transform } from '../../core/transform.ts';
import { fmtNum, fmtUm, NameAllocator, PathDataBuilder, svgEscape } from './format.ts';
import { counterClockwise, lineCap, splitKeyholes, strokeSpine, transformAttr, type LineCap } from './geometry.ts';
import { foregroundFor, formatLength, highlightSvg, HOVER_CSS, legendSizePx, legendSvg, niceFloor, SCALE_BAR_BAND_PX, scaleBarSvg, type LegendEntry } from './decorations.ts';
import { OTHER_LAYER_PALETTE, resolveSvgOptions, type ResolvedLayerStyle, type ResolvedSvgOptions, type SvgOptions } from './options.ts';

/** A layer as drawn: its style plus the CSS class allocated for it. */
interface DrawLayer {
  style: ResolvedLayerStyle;
  key: number;
  cls: string;
}

/** Margin around the layout's bounding box, as a fraction of its larger side. */
const MARGIN_FRACTION = 0.03;
/** Marker radius of highlight points, px at the default display size. */
const MARKER_RADIUS_PX = 7;
/** Auto label height: this fraction of the labelled cell's larger side, rounded down to 1-2-5. */
const AUTO_LABEL_FRACTION = 1 / 50;

/**
 * Renders `cell` and everything below it as a standalone SVG document (UTF-8 text). See the module
 * comment for units, frame and structure. Throws InputError (E_SVG_OPTION) on bad options.
 */
export function cellToSvg(cell: Cell, options: SvgOptions): string {
  const opts = resolveSvgOptions(options);
  return new SvgWriter(cell, opts).write();
}

class SvgWriter {
  private readonly layers: DrawLayer[];
  private readonly layerByKey = new Map<number, DrawLayer>();
  private readonly bboxMemo = new Map<Cell, Box | null>();
  private readonly ids = new NameAllocator(72);
  private readonly renderedMemo = new Map<Cell, boolean>();
  private readonly labelsMemo = new Map<Cell, boolean>();
  /** Largest accumulated magnification a (cell, mirror parity) definition is drawn at; absent: not drawn. */
  private readonly reach = new Map<Cell, [number, number]>();
  private readonly defIds = new Map<Cell, [string | undefined, string | undefined]>();
  private readonly shapesMemo = new Map<Cell, string[]>();
  private readonly rowGroups = new Map<string, string>();
  private readonly defs: string[] = [];
  private readonly stats: LayerStats[];
  private readonly legendEntries: LegendEntry[];
  private pxPerUm = 1;
  /** Decimals for derived (non-dbu) numbers: enough for 1/100 px at the default size. */
  private dec = 3;

  constructor(
    private readonly top: Cell,
    private readonly opts: ResolvedSvgOptions,
  ) {
    this.stats = layerStats(top);
    const present = new Set(this.stats.filter((s) => s.polygons + s.paths + (opts.labels ? s.texts : 0) > 0).map((s) => layerKey(s.layer, s.datatype)));
    const classes = new NameAllocator(64);
    const drawn: ResolvedLayerStyle[] = opts.layers.filter((s) => s.visible);
    if (opts.otherLayers === 'show') {
      const listed = new Set(opts.layers.map((s) => layerKey(s.layer, s.datatype)));
      let k = 0;
      for (const s of this.stats) {
        const key = layerKey(s.layer, s.datatype);
        if (listed.has(key) || !present.has(key)) continue;
        const name = `${s.layer}/${s.datatype}`;
        drawn.push({ layer: s.layer, datatype: s.datatype, name, color: OTHER_LAYER_PALETTE[k++ % OTHER_LAYER_PALETTE.length], fillOpacity: 0.4, outlineOnly: false, visible: true, listed: false });
      }
    }
    this.layers = drawn.map((style) => ({ style, key: layerKey(style.layer, style.datatype), cls: classes.allocate('layer-', style.name) }));
    for (const l of this.layers) this.layerByKey.set(l.key, l);
    this.legendEntries = this.layers
      .filter((l) => present.has(l.key))
      .map((l) => ({ style: l.style, tooltip: this.layerTooltip(l) }));
  }

  private layerTooltip(l: DrawLayer): string {
    const s = this.stats.find((t) => t.layer === l.style.layer && t.datatype === l.style.datatype);
    const plural = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
    const counts = s ? `${plural(s.polygons, 'polygon')}, ${plural(s.paths, 'path')}, ${plural(s.texts, 'label')}` : 'empty';
    return `${l.style.name} ${l.style.layer}/${l.style.datatype}: ${counts} (flattened)`;
  }

  write(): string {
    const o = this.opts;
    const box = this.viewBox();
    const W = box.x1 - box.x0;
    const H = box.y1 - box.y0;
    const margin = Math.max(1, Math.round(Math.max(W, H) * MARGIN_FRACTION));
    const wUm = (W + 2 * margin) / 1000;
    const hUm = (H + 2 * margin) / 1000;

    // The display scale: the layout fills maxSizePx minus the legend panel (right) and the
    // scale-bar band (below); those are fixed in px so they stay legible for any layout size.
    const legendMaxW = Math.floor(o.maxSizePx * 0.4);
    const legendSize = o.legend && this.legendEntries.length ? legendSizePx(this.legendEntries, o.title ?? this.top.name, legendMaxW) : { width: 0, height: 0 };
    const band = o.scaleBar ? SCALE_BAR_BAND_PX : 0;
    const s = Math.min((o.maxSizePx - legendSize.width) / wUm, (o.maxSizePx - band) / hUm);
    this.pxPerUm = s;
    this.dec = Math.max(0, Math.min(9, Math.ceil(Math.log10(s * 100))));
    const widthPx = Math.ceil(wUm * s + legendSize.width);
    const heightPx = Math.ceil(Math.max(hUm * s + band, legendSize.height));

    this.planHierarchy();
    const topId = this.emitDefinitions();

    // SVG frame of the page (y down), um. The layout box maps to x in [x0 - m, x1 + m], y in [-(y1 + m), -(y0 - m)].
    const minX = (box.x0 - margin) / 1000;
    const minY = -(box.y1 + margin) / 1000;
    const vbW = widthPx / s;
    const vbH = heightPx / s;
    const n = (v: number) => fmtNum(v, this.dec);
    const fg = foregroundFor(o.background);
    const title = o.title ?? this.top.name;

    const out: string[] = [];
    out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(
      `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${widthPx}" height="${heightPx}" ` +
        `viewBox="${fmtUm(box.x0 - margin)} ${fmtUm(-(box.y1 + margin))} ${n(vbW)} ${n(vbH)}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" data-unit="um">`,
    );
    out.push(`<title>${svgEscape(title)}</title>`);
    out.push(`<desc>wlpgen layout preview of cell ${svgEscape(this.top.name)}. User unit 1 um; layout y axis up (group #layout flips it once); ${fmtNum(s, 6)} px per um at the default size.</desc>`);
    if (o.highlight.groups?.length) out.push(`<style>${HOVER_CSS}</style>`);
    if (o.background !== 'none') out.push(`<rect class="background" x="${fmtUm(box.x0 - margin)}" y="${fmtUm(-(box.y1 + margin))}" width="${n(vbW)}" height="${n(vbH)}" fill="${o.background}"/>`);
    out.push('<defs>');
    out.push(...this.defs);
    out.push('</defs>');
    out.push('<g id="layout" transform="matrix(1 0 0 -1 0 0)">');
    if (topId) out.push(`<use href="#${topId}"/>`);
    const hl = highlightSvg(o.highlight, MARKER_RADIUS_PX / s, this.dec);
    if (hl) out.push(hl);
    out.push('</g>');
    if (legendSize.width) out.push(legendSvg(this.legendEntries, title, minX + wUm, minY, legendSize.width, s, fg, this.dec));
    if (band) {
      const xLeft = minX + 10 / s;
      const xRight = minX + wUm - 10 / s;
      const cb = cellBBox(this.top, this.bboxMemo);
      const extent = cb ? `${this.top.name}: ${formatLength((cb.x1 - cb.x0) / 1000)} × ${formatLength((cb.y1 - cb.y0) / 1000)}` : `${this.top.name}: empty`;
      out.push(scaleBarSvg(Math.max(wUm * 0.3, 1e-3), xLeft, minY + hUm, xRight, extent, s, fg, this.dec));
    }
    out.push('</svg>');
    return out.join('\n') + '\n';
  }

  /** The region to show, dbu: the hierarchy's bounding box plus the highlights, never empty. */
  private viewBox(): Box {
    let b: Box | null = cellBBox(this.top, this.bboxMemo);
    const grow = (x: number, y: number) => {
      b = b ? { x0: Math.min(b.x0, x), y0: Math.min(b.y0, y), x1: Math.max(b.x1, x), y1: Math.max(b.y1, y) } : { x0: x, y0: y, x1: x, y1: y };
    };
    for (const p of this.opts.highlight.polygons ?? []) for (let i = 0; i < p.points.length; i += 2) grow(Math.round(p.points[i]), Math.round(p.points[i + 1]));
    for (const m of this.opts.highlight.markers ?? []) grow(Math.round(m.x), Math.round(m.y));
    const r: Box = b ?? { x0: 0, y0: 0, x1: 0, y1: 0 };
    // A point-sized layout (one label, or nothing) still gets a 1 um window.
    if (r.x1 - r.x0 === 0 && r.y1 - r.y0 === 0) return { x0: r.x0 - 500, y0: r.y0 - 500, x1: r.x1 + 500, y1: r.y1 + 500 };
    return r;
  }

  // ---- hierarchy planning ------------------------------------------------------------------

  private drawLayer(layer: number, datatype: number): DrawLayer | undefined {
    return this.layerByKey.get(layerKey(layer, datatype));
  }

  /** Whether the cell or anything below it draws something. */
  private rendered(c: Cell): boolean {
    let v = this.renderedMemo.get(c);
    if (v !== undefined) return v;
    v =
      c.polygons.some((p) => this.drawLayer(p.layer, p.datatype)) ||
      c.paths.some((p) => this.drawLayer(p.layer, p.datatype)) ||
      this.ownLabelsDrawn(c) ||
      c.children().some((k) => this.rendered(k));
    this.renderedMemo.set(c, v);
    return v;
  }

  private ownLabelsDrawn(c: Cell): boolean {
    return this.opts.labels && c.labels.some((l) => this.drawLayer(l.layer, l.texttype));
  }

  /** Whether labels are drawn in the cell or below it (only such cells need a mirrored definition). */
  private hasLabels(c: Cell): boolean {
    let v = this.labelsMemo.get(c);
    if (v !== undefined) return v;
    v = this.ownLabelsDrawn(c) || c.children().some((k) => this.hasLabels(k));
    this.labelsMemo.set(c, v);
    return v;
  }

  private childParity(child: Cell, parity: number, t: Transform): number {
    return this.hasLabels(child) ? parity ^ (t.mirrorX ? 1 : 0) : 0;
  }

  /**
   * Finds which (cell, mirror parity) definitions are needed and the largest magnification each is
   * drawn at (for minLabelPx), visiting parents before children so every path into a cell is known.
   */
  private planHierarchy(): void {
    if (!this.rendered(this.top)) return;
    const order = this.top.descendants().reverse();
    this.reach.set(this.top, [1, 0]);
    for (const c of order) {
      const r = this.reach.get(c);
      if (!r) continue;
      for (let p = 0; p < 2; p++) {
        const mag = r[p];
        if (!mag) continue;
        const visit = (child: Cell, t: Transform) => {
          if (!this.rendered(child)) return;
          let cr = this.reach.get(child);
          if (!cr) this.reach.set(child, (cr = [0, 0]));
          const cp = this.childParity(child, p, t);
          cr[cp] = Math.max(cr[cp], mag * t.magnification);
        };
        for (const ref of c.refs) visit(ref.cell, ref.transform);
        for (const a of c.arrays) visit(a.cell, a.transform);
      }
    }
  }

  // ---- emission ----------------------------------------------------------------------------

  /** Writes every needed definition into `defs`, children first; returns the top cell's id. */
  private emitDefinitions(): string | undefined {
    if (!this.rendered(this.top)) return undefined;
    for (const c of this.top.descendants()) {
      const r = this.reach.get(c);
      if (!r) continue;
      const ids: [string | undefined, string | undefined] = [undefined, undefined];
      this.defIds.set(c, ids);
      for (let p = 0; p < 2; p++) {
        if (!r[p]) continue;
        const id = this.ids.allocate('c-', p ? `${c.name}-mx` : c.name);
        ids[p] = id;
        this.defs.push(this.definition(c, p, r[p], id));
      }
    }
    return this.defIds.get(this.top)![0];
  }

  private childId(child: Cell, parity: number, t: Transform): string | undefined {
    if (!this.rendered(child)) return undefined;
    return this.defIds.get(child)![this.childParity(child, parity, t)];
  }

  private definition(c: Cell, parity: number, maxMag: number, id: string): string {
    const out: string[] = [`<g id="${id}" data-cell="${svgEscape(c.name)}"${parity ? ' data-mirrored="1"' : ''}>`];
    out.push(...this.shapes(c));
    for (const ref of c.refs) {
      const cid = this.childId(ref.cell, parity, ref.transform);
      if (cid) out.push(`<use href="#${cid}"${transformAttr(ref.transform)}/>`);
    }
    for (const a of c.arrays) {
      const cid = this.childId(a.cell, parity, a.transform);
      if (cid) out.push(...this.arrayUses(cid, a));
    }
    out.push(...this.labels(c, parity, maxMag));
    out.push('</g>');
    return out.join('\n');
  }

  /**
   * Uses for an AREF. A single row or column is a plain list; otherwise one row group (defined once
   * per distinct child/transform/count/step, in defs) is placed once per row.
   */
  private arrayUses(cid: string, a: Cell['arrays'][number]): string[] {
    const elem = (t: Transform, c: number, r: number) => {
      const dx = c * a.colStep[0] + r * a.rowStep[0];
      const dy = c * a.colStep[1] + r * a.rowStep[1];
      return `<use href="#${cid}"${transformAttr(dx || dy ? t.translated(dx, dy) : t)}/>`;
    };
    const out: string[] = [];
    if (a.cols === 1 || a.rows === 1) {
      for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) out.push(elem(a.transform, c, r));
      return out;
    }
    const t = a.transform;
    const key = `${cid}|${t.x},${t.y},${t.rotation},${t.magnification},${t.mirrorX}|${a.cols}|${a.colStep[0]},${a.colStep[1]}`;
    let rowId = this.rowGroups.get(key);
    if (!rowId) {
      rowId = this.ids.allocate('', `${cid}-row${a.cols}`);
      this.rowGroups.set(key, rowId);
      const row = [`<g id="${rowId}">`];
      for (let c = 0; c < a.cols; c++) row.push(elem(t, c, 0));
      row.push('</g>');
      this.defs.push(row.join('\n'));
    }
    for (let r = 0; r < a.rows; r++) out.push(`<use href="#${rowId}"${transformAttr(Transform.translate(r * a.rowStep[0], r * a.rowStep[1]))}/>`);
    return out;
  }

  /** The cell's own polygons and paths, one group per drawn layer in drawing order (cached per cell). */
  private shapes(c: Cell): string[] {
    const hit = this.shapesMemo.get(c);
    if (hit) return hit;
    const polys = new Map<number, Polygon[]>();
    const paths = new Map<number, Path[]>();
    for (const p of c.polygons) push(polys, layerKey(p.layer, p.datatype), p);
    for (const p of c.paths) push(paths, layerKey(p.layer, p.datatype), p);
    // Largest drawn size of this cell's dbu on screen decides which polygons are worth an outline.
    const r = this.reach.get(c);
    const pxPerDbu = (Math.max(r?.[0] ?? 0, r?.[1] ?? 0) * this.pxPerUm) / 1000;
    const minOutlineDbu = pxPerDbu > 0 ? this.opts.outlineMinPx / pxPerDbu : 0;
    const out: string[] = [];
    for (const l of this.layers) {
      const lp = polys.get(l.key);
      const lpaths = paths.get(l.key);
      if (!lp && !lpaths) continue;
      const s = l.style;
      const parts = [`<g class="${l.cls}" data-layer="${s.layer}/${s.datatype}">`];
      if (lp) {
        // Polygons large enough on screen get a constant 1 px outline; the rest are filled only
        // (outlineMinPx). Both sets are one <path> each, so overlaps within a set paint once.
        const outlined = new PathDataBuilder();
        const filled = new PathDataBuilder();
        for (const p of lp) {
          const d = s.outlineOnly || this.outlineWorthy(p.points, minOutlineDbu) ? outlined : filled;
          for (const loop of splitKeyholes(counterClockwise(p.points))) d.ring(loop);
        }
        const fill = s.outlineOnly ? 'fill="none"' : `fill="${s.color}" fill-opacity="${fmtNum(s.fillOpacity, 3)}" fill-rule="nonzero"`;
        if (!outlined.isEmpty) parts.push(`<path d="${outlined}" ${fill} stroke="${s.color}" stroke-width="1" vector-effect="non-scaling-stroke"/>`);
        if (!filled.isEmpty) parts.push(`<path d="${filled}" ${fill}/>`);
      }
      if (lpaths) parts.push(...strokes(lpaths, s));
      parts.push('</g>');
      out.push(parts.join(''));
    }
    this.shapesMemo.set(c, out);
    return out;
  }

  /** Whether a ring's larger bounding-box side reaches `minDbu`. */
  private outlineWorthy(c: ArrayLike<number>, minDbu: number): boolean {
    if (minDbu <= 0) return true;
    let x0 = c[0];
    let x1 = c[0];
    let y0 = c[1];
    let y1 = c[1];
    for (let i = 2; i < c.length; i += 2) {
      const x = c[i];
      const y = c[i + 1];
      if (x < x0) x0 = x;
      else if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      else if (y > y1) y1 = y;
    }
    return x1 - x0 >= minDbu || y1 - y0 >= minDbu;
  }

  /**
   * The cell's labels for one mirror parity, one group per layer, after the children (text on top).
   *
   * Text height, um: a label's GDS magnification is its text height in user units (um), as KLayout
   * reads MAG and as our generators write it (die IDs, net labels); a label of magnification 1 (no
   * MAG) gets the default height (labelSize, or the per-cell automatic one). The magnification is
   * therefore written as the label's font-size and left out of its matrix: multiplying the default
   * height by it drew a 100 um die ID 100 x 100 um tall. Magnifications of the placements above
   * still scale the text, as they scale every shape.
   */
  private labels(c: Cell, parity: number, maxMag: number): string[] {
    if (!this.ownLabelsDrawn(c)) return [];
    const defaultHeight = this.labelHeightUm(c);
    const heightOf = (l: Label) => (l.transform.magnification === 1 ? defaultHeight : l.transform.magnification);
    const byLayer = new Map<number, Label[]>();
    for (const l of c.labels) {
      // Labels too small to read at the default size are left out (minLabelPx).
      if (heightOf(l) * maxMag * this.pxPerUm < this.opts.minLabelPx) continue;
      push(byLayer, layerKey(l.layer, l.texttype), l);
    }
    const out: string[] = [];
    for (const dl of this.layers) {
      const ls = byLayer.get(dl.key);
      if (!ls) continue;
      const s = dl.style;
      const parts = [`<g class="${dl.cls} labels" data-layer="${s.layer}/${s.datatype}" fill="${s.color}" font-size="${fmtNum(defaultHeight, 6)}">`];
      for (const l of ls) {
        // Glyphs are drawn y-down; the layout frame is y-up. Flip the text unless the placement
        // parity (odd mirrors above, xor the label's own mirror) already flips it back.
        const flip = (parity ^ (l.transform.mirrorX ? 1 : 0)) === 0;
        const anchor = l.hjust === 1 ? ' text-anchor="middle"' : l.hjust === 2 ? ' text-anchor="end"' : '';
        const base = l.vjust === 0 ? ' dominant-baseline="hanging"' : l.vjust === 1 ? ' dominant-baseline="central"' : '';
        const size = l.transform.magnification === 1 ? '' : ` font-size="${fmtNum(l.transform.magnification, 6)}"`;
        const t = l.transform;
        const unscaled = t.magnification === 1 ? t : new Transform({ x: t.x, y: t.y, rotation: t.rotation, mirrorX: t.mirrorX });
        const ld = `${l.layer}/${l.texttype}`;
        const tip = `${l.text} (${s.name === ld ? ld : `${s.name} ${ld}`}, cell ${c.name})`;
        parts.push(`<text${transformAttr(unscaled, flip)}${anchor}${base}${size}><title>${svgEscape(tip)}</title>${svgEscape(l.text)}</text>`);
      }
      parts.push('</g>');
      out.push(parts.join(''));
    }
    return out;
  }

  /** Label text height at magnification 1, um: the option, or 1/50 of the cell's larger side (1-2-5). */
  private labelHeightUm(c: Cell): number {
    if (this.opts.labelSize !== undefined) return this.opts.labelSize;
    const sideOf = (b: Box | null) => (b ? Math.max(b.x1 - b.x0, b.y1 - b.y0) : 0);
    let side = sideOf(cellBBox(c, this.bboxMemo));
    if (side === 0) side = sideOf(cellBBox(this.top, this.bboxMemo));
    if (side === 0) side = 50_000;
    return niceFloor((side / 1000) * AUTO_LABEL_FRACTION);
  }
}

/**
 * GDS paths of one layer as stroked polylines, one `<path>` per (width, end style): stroke-width is
 * the path width in um and the cap gives the GDSII end (see geometry.ts). Zero-width paths, and all
 * paths of outline-only layers, are drawn as 1 px centre lines.
 */
function strokes(paths: Path[], s: ResolvedLayerStyle): string[] {
  const groups = new Map<string, { width: number; cap: LineCap; d: PathDataBuilder }>();
  for (const p of paths) {
    const hair = p.width === 0 || s.outlineOnly;
    const cap = hair ? 'butt' : lineCap(p.pathtype);
    const width = hair ? 0 : p.width;
    const k = `${width}|${cap}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { width, cap, d: new PathDataBuilder() }));
    g.d.polyline(hair ? p.points : strokeSpine(p));
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    const capAttr = g.cap === 'butt' ? '' : ` stroke-linecap="${g.cap}"`;
    const style = g.width === 0 ? 'stroke-width="1" vector-effect="non-scaling-stroke"' : `stroke-width="${fmtUm(g.width)}" stroke-opacity="${fmtNum(s.fillOpacity, 3)}"${capAttr}`;
    out.push(`<path d="${g.d}" fill="none" stroke="${s.color}" ${style}/>`);
  }
  return out;
}

function push<T>(m: Map<number, T[]>, k: number, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
