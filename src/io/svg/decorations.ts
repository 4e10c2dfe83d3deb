/**
 * Page furniture around the layout: the legend, the scale bar and the highlight overlay. Legend and
 * scale bar live in the SVG's own y-down frame (outside the flipped layout group); their sizes are
 * given in screen px and converted with `pxPerUm`, the scale of the default display size.
 */
import { fmtNum, fmtUm, PathDataBuilder, svgEscape } from './format.ts';
import { counterClockwise, splitKeyholes } from './geometry.ts';
import { DEFAULT_HIGHLIGHT_COLOR, type ResolvedLayerStyle, type SvgHighlight } from './options.ts';

/**
 * The largest 1-2-5 step (1, 2, 5, 10, 20, 50, ... times a power of ten) not above `x` (> 0);
 * cleaned of binary noise so 0.1 * 3 never shows up as 0.30000000000000004.
 */
export function niceFloor(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`niceFloor: expected a positive finite number, got ${x}`);
  const p = Math.floor(Math.log10(x));
  for (let e = p + 1; e >= p - 1; e--) {
    for (const m of [5, 2, 1]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v <= x * (1 + 1e-12)) return v;
    }
  }
  return Number((10 ** (p - 1)).toPrecision(12));
}

/** A length in um for people: "500 nm", "20 µm", "1.25 mm" (at most 3 decimals). */
export function formatLength(um: number): string {
  const a = Math.abs(um);
  if (a >= 1000) return `${fmtNum(um / 1000, 3)} mm`;
  if (a >= 1 || a === 0) return `${fmtNum(um, 3)} µm`;
  return `${fmtNum(um * 1000, 3)} nm`;
}

/** Text colour that reads on the background: light on dark, dark on light or transparent. */
export function foregroundFor(background: string): string {
  if (background === 'none') return '#202020';
  const r = parseInt(background.slice(1, 3), 16);
  const g = parseInt(background.slice(3, 5), 16);
  const b = parseInt(background.slice(5, 7), 16);
  const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luma < 128 ? '#e6e6e6' : '#202020';
}

/** Average advance of a sans-serif character, in em (DejaVu Sans / Arial are ~0.55..0.63; bold ~0.7). */
const CHAR_EM = 0.62;
const BOLD_CHAR_EM = 0.7;

export const LEGEND = {
  /** Font sizes, px. */
  font: 12,
  titleFont: 14,
  /** Row pitch and padding, px. */
  row: 20,
  pad: 14,
  swatchW: 16,
  swatchH: 11,
  minWidth: 120,
  maxWidth: 360,
} as const;

export interface LegendEntry {
  style: ResolvedLayerStyle;
  /** Tooltip: flattened counts. */
  tooltip: string;
}

/** Legend panel size in px for `entries` and an optional title (the title is cut to fit `maxWidth`). */
export function legendSizePx(entries: LegendEntry[], title: string | undefined, maxWidth: number): { width: number; height: number } {
  let chars = 0;
  for (const e of entries) chars = Math.max(chars, entryText(e.style).length);
  let w = 2 * LEGEND.pad + LEGEND.swatchW + 8 + chars * CHAR_EM * LEGEND.font;
  if (title) w = Math.max(w, 2 * LEGEND.pad + title.length * BOLD_CHAR_EM * LEGEND.titleFont);
  const width = Math.ceil(Math.min(Math.max(w, LEGEND.minWidth), maxWidth));
  const height = Math.ceil(LEGEND.pad + (title ? LEGEND.row + 6 : 0) + entries.length * LEGEND.row + LEGEND.pad);
  return { width, height };
}

/** "L/D", the GDS numbers shown after the name (unless the name already is them). */
function layerNumbers(s: ResolvedLayerStyle): string {
  const ld = `${s.layer}/${s.datatype}`;
  return s.name === ld ? '' : ld;
}

function entryText(s: ResolvedLayerStyle): string {
  return `${s.name} ${layerNumbers(s)}`;
}

/**
 * The legend as SVG: a title, then one row per layer (swatch drawn like the layer, name, layer/datatype),
 * each row a `legend-entry` group with a tooltip. (x0, y0) is the panel's top-left corner in um
 * (SVG frame, y down); `dec` is the number of decimals for derived coordinates.
 */
export function legendSvg(entries: LegendEntry[], title: string | undefined, x0: number, y0: number, widthPx: number, pxPerUm: number, fg: string, dec: number): string {
  const u = (px: number) => px / pxPerUm;
  const n = (v: number) => fmtNum(v, dec);
  const out: string[] = [`<g class="legend" font-size="${n(u(LEGEND.font))}" fill="${fg}">`];
  let y = y0 + u(LEGEND.pad);
  const x = x0 + u(LEGEND.pad);
  if (title) {
    const maxChars = Math.max(4, Math.floor((widthPx - 2 * LEGEND.pad) / (BOLD_CHAR_EM * LEGEND.titleFont)));
    const shown = title.length > maxChars ? title.slice(0, maxChars - 1) + '…' : title;
    out.push(`<text class="legend-title" x="${n(x)}" y="${n(y + u(LEGEND.titleFont))}" font-size="${n(u(LEGEND.titleFont))}" font-weight="bold"><title>${svgEscape(title)}</title>${svgEscape(shown)}</text>`);
    y += u(LEGEND.row + 6);
  }
  for (const e of entries) {
    const s = e.style;
    const fill = s.outlineOnly ? 'fill="none"' : `fill="${s.color}" fill-opacity="${fmtNum(s.fillOpacity, 3)}"`;
    const sy = y + u((LEGEND.row - LEGEND.swatchH) / 2);
    out.push(
      `<g class="legend-entry" data-layer="${s.layer}/${s.datatype}"><title>${svgEscape(e.tooltip)}</title>` +
        `<rect x="${n(x)}" y="${n(sy)}" width="${n(u(LEGEND.swatchW))}" height="${n(u(LEGEND.swatchH))}" ${fill} stroke="${s.color}" stroke-width="1" vector-effect="non-scaling-stroke"/>` +
        `<text x="${n(x + u(LEGEND.swatchW + 8))}" y="${n(y + u(LEGEND.row / 2))}" dominant-baseline="central">${svgEscape(s.name)}${layerNumbers(s) ? ` <tspan fill-opacity="0.6">${layerNumbers(s)}</tspan>` : ''}</text></g>`,
    );
    y += u(LEGEND.row);
  }
  out.push('</g>');
  return out.join('\n');
}

export const SCALE_BAR_BAND_PX = 44;

/**
 * A scale bar of a round length (1-2-5 steps, nm/um/mm), at most `maxLengthUm` long, starting at
 * (x0, y0) um (SVG frame): ticked bar with its length above. Also the layout's extent, right-aligned
 * at `xRight`, so the size is readable without measuring.
 */
export function scaleBarSvg(maxLengthUm: number, x0: number, y0: number, xRight: number, extent: string, pxPerUm: number, fg: string, dec: number): string {
  const u = (px: number) => px / pxPerUm;
  const n = (v: number) => fmtNum(v, dec);
  const len = niceFloor(maxLengthUm);
  const yBar = y0 + u(30);
  const tick = u(5);
  const d = `M${n(x0)} ${n(yBar - tick)}v${n(2 * tick)}m0 ${n(-tick)}h${n(len)}m0 ${n(-tick)}v${n(2 * tick)}`;
  return (
    `<g class="scale-bar" fill="${fg}" font-size="${n(u(12))}"><title>scale bar: ${formatLength(len)}</title>` +
    `<path d="${d}" fill="none" stroke="${fg}" stroke-width="2" vector-effect="non-scaling-stroke"/>` +
    `<text x="${n(x0 + len / 2)}" y="${n(yBar - u(9))}" text-anchor="middle">${formatLength(len)}</text>` +
    `<text x="${n(xRight)}" y="${n(yBar - u(9))}" text-anchor="end" fill-opacity="0.7">${svgEscape(extent)}</text></g>`
  );
}

/** Stylesheet that lights up a hover target under the pointer (only written when there are targets). */
export const HOVER_CSS = '.hover-target:hover path{fill-opacity:0.45;stroke-opacity:1}';

/**
 * The highlight overlay in the layout's own frame (inside the y-flip), dbu input written as um.
 * Polygons: translucent fill with a dashed outline; keyholes show as holes. Markers: a ring with a
 * cross, `radiusUm` in size. Every item carries its tooltip.
 */
export function highlightSvg(h: SvgHighlight, radiusUm: number, dec: number): string {
  const polys = h.polygons ?? [];
  const marks = h.markers ?? [];
  const groups = h.groups ?? [];
  if (!polys.length && !marks.length && !groups.length) return '';
  const n = (v: number) => fmtNum(v, dec);
  const out: string[] = ['<g class="highlight">'];
  for (const g of groups) {
    // Invisible until hovered (HOVER_CSS); pointer-events="all" makes the transparent fill hit-testable.
    const d = new PathDataBuilder();
    for (const p of g.polygons) for (const loop of splitKeyholes(counterClockwise(Array.from(p, Math.round)))) d.ring(loop);
    if (d.isEmpty) continue;
    const color = g.color ?? '#ffffff';
    out.push(`<g class="hover-target${g.className ? ' ' + g.className : ''}"><title>${svgEscape(g.title)}</title><path d="${d}" fill="${color}" fill-opacity="0" stroke="${color}" stroke-opacity="0" stroke-width="2" vector-effect="non-scaling-stroke" pointer-events="all"/></g>`);
  }
  for (const p of polys) {
    const color = p.color ?? DEFAULT_HIGHLIGHT_COLOR;
    const d = new PathDataBuilder();
    for (const loop of splitKeyholes(counterClockwise(Array.from(p.points, Math.round)))) d.ring(loop);
    const title = p.title === undefined ? '' : `<title>${svgEscape(p.title)}</title>`;
    out.push(`<path d="${d}" fill="${color}" fill-opacity="0.3" fill-rule="nonzero" stroke="${color}" stroke-width="2" stroke-dasharray="6 3" vector-effect="non-scaling-stroke">${title}</path>`);
  }
  for (const m of marks) {
    const color = m.color ?? DEFAULT_HIGHLIGHT_COLOR;
    const cx = fmtUm(m.x);
    const cy = fmtUm(m.y);
    const r = n(radiusUm);
    const arm = n(radiusUm * 1.6);
    out.push(
      `<g class="marker"><title>${svgEscape(m.title)}</title>` +
        `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}" fill-opacity="0.2" stroke="${color}" stroke-width="2" vector-effect="non-scaling-stroke"/>` +
        `<path d="M${cx} ${cy}m-${arm} 0h${n(radiusUm * 3.2)}m-${arm} -${arm}v${n(radiusUm * 3.2)}" stroke="${color}" stroke-width="1.5" vector-effect="non-scaling-stroke"/></g>`,
    );
  }
  out.push('</g>');
  return out.join('\n');
}
