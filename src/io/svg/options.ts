/**
 * Options of the SVG preview writer, validated once at the boundary: every key is checked, unknown
 * keys are rejected by name (a misspelt `scalebar` must not silently do nothing).
 */
import { InputError } from '../../core/errors.ts';
import { checkLayerNumber, layerKey } from '../../core/layer.ts';

/** How one GDS layer is drawn. A technology module maps its layer table onto these. */
export interface LayerStyle {
  /** GDSII layer, 0..65535. */
  layer: number;
  /** GDSII datatype, 0..65535 (labels match on their texttype). */
  datatype: number;
  /** Display name (PAD, RDL, T1.RDL, ...): legend text and the `layer-NAME` CSS class. */
  name: string;
  /** Colour as "#rrggbb": fill, outline and text. */
  color: string;
  /** Fill opacity 0..1 (default 0.4); also the stroke opacity of GDS paths on the layer. */
  fillOpacity?: number;
  /** Outline only, no fill (documentation layers such as DIE or WAFER); paths show their centre line. */
  outlineOnly?: boolean;
  /** false leaves the layer out of the drawing and the legend (default true). */
  visible?: boolean;
}

/** Things to overlay on the layout in the top cell's coordinates (dbu): DRC violations, failed nets. */
export interface SvgHighlight {
  /** Polygons, flat [x0, y0, x1, y1, ...] dbu; drawn filled and outlined, with an optional tooltip. */
  polygons?: Array<{ points: ArrayLike<number>; color?: string; title?: string }>;
  /** Points, dbu; drawn as a ringed cross of constant size on screen, with a tooltip. */
  markers?: Array<{ x: number; y: number; title: string; color?: string }>;
  /**
   * Hover targets: each group's polygons (flat dbu rings) are drawn invisible over the layout and
   * light up in `color` (default white) under the pointer, with `title` as the tooltip; e.g. one
   * group per net, so hovering any of its metal names the net. `className` is added to the group's
   * class ("hover-target ...") for CSS. Drawn below polygons and markers.
   */
  groups?: Array<{ title: string; polygons: ArrayLike<number>[]; className?: string; color?: string }>;
}

export interface SvgOptions {
  /** Layer styles in drawing order (first drawn first, so later layers paint over earlier ones). */
  layers: LayerStyle[];
  /** Document title (the `<title>` and the legend heading); default the cell name. */
  title?: string;
  /** Draw a legend (swatch, name, layer/datatype per layer present) right of the layout. Default true. */
  legend?: boolean;
  /** Draw a scale bar (1-2-5 length in nm/um/mm) below the layout. Default true. */
  scaleBar?: boolean;
  /**
   * Larger of the width/height attributes, px: the default display size, 200..100000. Default 1000.
   * (A legend with more rows than fit makes the page taller.)
   */
  maxSizePx?: number;
  /** Background "#rrggbb" or "none" (transparent). Default "#101418", KLayout's dark canvas. */
  background?: string;
  /** Draw text labels (GDSII TEXT), each with a hover tooltip. Default true. */
  labels?: boolean;
  /**
   * Text height of a label of magnification 1, um. Default: per cell, 1/50 of the cell's larger
   * bounding-box side rounded down to a 1-2-5 step, so labels scale with what they annotate.
   */
  labelSize?: number;
  /**
   * Leave out labels whose text would be smaller than this many px at the default display size.
   * Default 1: a wafer preview would otherwise hold a net name per bump per die, hundreds of
   * thousands of sub-pixel texts that take a browser tens of seconds to lay out and that no zoom
   * short of ~10x makes readable. 0 draws every label.
   */
  minLabelPx?: number;
  /**
   * Outline (1 px, constant on screen) only polygons whose larger side is at least this many px at
   * the default display size; smaller ones are filled only. Default 2: a sub-pixel bump on a wafer
   * gains nothing from an outline, and constant-width strokes are the most expensive thing a browser
   * draws through thousands of <use> copies (they roughly double the render time of a full wafer).
   * 0 outlines every polygon. Outline-only layers are always outlined.
   */
  outlineMinPx?: number;
  /** Shapes on layers not in `layers`: 'show' them in neutral colours (default) or 'hide' them. */
  otherLayers?: 'show' | 'hide';
  /** Overlays in top-cell coordinates. */
  highlight?: SvgHighlight;
}

/** Options with defaults applied and values checked. */
export interface ResolvedSvgOptions {
  layers: ResolvedLayerStyle[];
  title: string | undefined;
  legend: boolean;
  scaleBar: boolean;
  maxSizePx: number;
  background: string;
  labels: boolean;
  labelSize: number | undefined;
  minLabelPx: number;
  outlineMinPx: number;
  otherLayers: 'show' | 'hide';
  highlight: SvgHighlight;
}

export interface ResolvedLayerStyle {
  layer: number;
  datatype: number;
  name: string;
  color: string;
  fillOpacity: number;
  outlineOnly: boolean;
  visible: boolean;
  /** Whether the style came from the caller (false: made up for an unlisted layer). */
  listed: boolean;
}

export const DEFAULT_BACKGROUND = '#101418';
export const DEFAULT_FILL_OPACITY = 0.4;
export const DEFAULT_MAX_SIZE_PX = 1000;
export const DEFAULT_HIGHLIGHT_COLOR = '#ff3b3b';
export const DEFAULT_MIN_LABEL_PX = 1;
export const DEFAULT_OUTLINE_MIN_PX = 2;

const OPTION_KEYS = new Set(['layers', 'title', 'legend', 'scaleBar', 'maxSizePx', 'background', 'labels', 'labelSize', 'minLabelPx', 'outlineMinPx', 'otherLayers', 'highlight']);
const LAYER_KEYS = new Set(['layer', 'datatype', 'name', 'color', 'fillOpacity', 'outlineOnly', 'visible']);
const HIGHLIGHT_KEYS = new Set(['polygons', 'markers', 'groups']);
/** One or more CSS class names, separated by single spaces. */
const CLASS_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(?: [A-Za-z_][A-Za-z0-9_-]*)*$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

function fail(message: string): never {
  throw new InputError('E_SVG_OPTION', `svg options: ${message}`);
}

function checkKeys(obj: object, allowed: Set<string>, where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) fail(`${where}: unknown key '${k}' (allowed: ${[...allowed].join(', ')})`);
  }
}

function bool(v: unknown, where: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(`${where}: expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function checkColor(v: unknown, where: string): string {
  if (typeof v !== 'string' || !COLOR.test(v)) fail(`${where}: expected a colour "#rrggbb", got ${JSON.stringify(v)}`);
  return v.toLowerCase();
}

function finiteNumber(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}: expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** Validates `options` and fills in defaults. Throws InputError (code E_SVG_OPTION) naming the bad key. */
export function resolveSvgOptions(options: SvgOptions): ResolvedSvgOptions {
  if (typeof options !== 'object' || options === null) fail('expected an object with at least `layers`');
  checkKeys(options, OPTION_KEYS, 'options');
  if (!Array.isArray(options.layers)) fail('layers: expected an array of { layer, datatype, name, color }');
  const seen = new Map<number, string>();
  const layers = options.layers.map((s, i): ResolvedLayerStyle => {
    const where = `layers[${i}]`;
    if (typeof s !== 'object' || s === null) fail(`${where}: expected an object`);
    checkKeys(s, LAYER_KEYS, where);
    checkLayerNumber(s.layer, `svg options ${where}.layer`);
    checkLayerNumber(s.datatype, `svg options ${where}.datatype`);
    if (typeof s.name !== 'string' || s.name.length === 0) fail(`${where}.name: expected a non-empty string`);
    const k = layerKey(s.layer, s.datatype);
    const dup = seen.get(k);
    if (dup !== undefined) fail(`${where}: layer ${s.layer}/${s.datatype} ('${s.name}') is already styled as '${dup}'`);
    seen.set(k, s.name);
    const fillOpacity = s.fillOpacity === undefined ? DEFAULT_FILL_OPACITY : finiteNumber(s.fillOpacity, `${where}.fillOpacity`);
    if (fillOpacity < 0 || fillOpacity > 1) fail(`${where}.fillOpacity: ${fillOpacity} is outside 0..1`);
    return {
      layer: s.layer,
      datatype: s.datatype,
      name: s.name,
      color: checkColor(s.color, `${where}.color`),
      fillOpacity,
      outlineOnly: bool(s.outlineOnly, `${where}.outlineOnly`, false),
      visible: bool(s.visible, `${where}.visible`, true),
      listed: true,
    };
  });
  if (options.title !== undefined && typeof options.title !== 'string') fail(`title: expected a string, got ${JSON.stringify(options.title)}`);
  const maxSizePx = options.maxSizePx === undefined ? DEFAULT_MAX_SIZE_PX : finiteNumber(options.maxSizePx, 'maxSizePx');
  if (maxSizePx < 200 || maxSizePx > 100_000) fail(`maxSizePx: ${maxSizePx} is outside 200..100000`);
  const background = options.background === undefined ? DEFAULT_BACKGROUND : options.background === 'none' ? 'none' : checkColor(options.background, 'background');
  let labelSize: number | undefined;
  if (options.labelSize !== undefined) {
    labelSize = finiteNumber(options.labelSize, 'labelSize');
    if (!(labelSize > 0)) fail(`labelSize: ${labelSize} um must be > 0`);
  }
  const minLabelPx = options.minLabelPx === undefined ? DEFAULT_MIN_LABEL_PX : finiteNumber(options.minLabelPx, 'minLabelPx');
  if (minLabelPx < 0) fail(`minLabelPx: ${minLabelPx} must be >= 0`);
  const outlineMinPx = options.outlineMinPx === undefined ? DEFAULT_OUTLINE_MIN_PX : finiteNumber(options.outlineMinPx, 'outlineMinPx');
  if (outlineMinPx < 0) fail(`outlineMinPx: ${outlineMinPx} must be >= 0`);
  const otherLayers = options.otherLayers ?? 'show';
  if (otherLayers !== 'show' && otherLayers !== 'hide') fail(`otherLayers: expected 'show' or 'hide', got ${JSON.stringify(otherLayers)}`);
  return {
    layers,
    title: options.title,
    legend: bool(options.legend, 'legend', true),
    scaleBar: bool(options.scaleBar, 'scaleBar', true),
    maxSizePx,
    background,
    labels: bool(options.labels, 'labels', true),
    labelSize,
    minLabelPx,
    outlineMinPx,
    otherLayers,
    highlight: resolveHighlight(options.highlight),
  };
}

function resolveHighlight(h: SvgHighlight | undefined): SvgHighlight {
  if (h === undefined) return {};
  if (typeof h !== 'object' || h === null) fail('highlight: expected { polygons?, markers?, groups? }');
  checkKeys(h, HIGHLIGHT_KEYS, 'highlight');
  const polygons = (h.polygons ?? []).map((p, i) => {
    const where = `highlight.polygons[${i}]`;
    checkKeys(p, new Set(['points', 'color', 'title']), where);
    const pts = p.points;
    if (!pts || typeof pts.length !== 'number' || pts.length < 6 || pts.length % 2) fail(`${where}.points: expected flat [x0, y0, x1, y1, ...] dbu with at least 3 vertices`);
    for (let k = 0; k < pts.length; k++) finiteNumber(pts[k], `${where}.points[${k}]`);
    if (p.title !== undefined && typeof p.title !== 'string') fail(`${where}.title: expected a string`);
    return { points: pts, color: p.color === undefined ? undefined : checkColor(p.color, `${where}.color`), title: p.title };
  });
  const markers = (h.markers ?? []).map((m, i) => {
    const where = `highlight.markers[${i}]`;
    checkKeys(m, new Set(['x', 'y', 'title', 'color']), where);
    finiteNumber(m.x, `${where}.x`);
    finiteNumber(m.y, `${where}.y`);
    if (typeof m.title !== 'string') fail(`${where}.title: expected a string`);
    return { x: m.x, y: m.y, title: m.title, color: m.color === undefined ? undefined : checkColor(m.color, `${where}.color`) };
  });
  const groups = (h.groups ?? []).map((g, i) => {
    const where = `highlight.groups[${i}]`;
    checkKeys(g, new Set(['title', 'polygons', 'className', 'color']), where);
    if (typeof g.title !== 'string') fail(`${where}.title: expected a string`);
    if (!Array.isArray(g.polygons)) fail(`${where}.polygons: expected an array of flat [x0, y0, x1, y1, ...] dbu rings`);
    g.polygons.forEach((pts, j) => {
      if (!pts || typeof pts.length !== 'number' || pts.length < 6 || pts.length % 2) fail(`${where}.polygons[${j}]: expected flat [x0, y0, x1, y1, ...] dbu with at least 3 vertices`);
    });
    if (g.className !== undefined && (typeof g.className !== 'string' || !CLASS_NAME.test(g.className))) fail(`${where}.className: expected CSS class names separated by spaces, got ${JSON.stringify(g.className)}`);
    return { title: g.title, polygons: g.polygons, className: g.className, color: g.color === undefined ? undefined : checkColor(g.color, `${where}.color`) };
  });
  return { polygons, markers, groups };
}

/**
 * Colours for layers the caller did not style: distinct mid-tones readable on dark and light
 * backgrounds, assigned in layer order so the same layout always gets the same colours.
 */
export const OTHER_LAYER_PALETTE = ['#c0c0c0', '#e6a15c', '#7fc97f', '#80b1d3', '#fb8072', '#bebada', '#fdb462', '#b3de69', '#fccde5', '#8dd3c7', '#ffed6f', '#bc80bd'];
