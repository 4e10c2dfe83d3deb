/**
 * The wafer map a person looks at: drawn from the wafer model (sites, shots, outline, plating), not
 * from the flattened GDS, so a 300 mm wafer of 2,500 dies is a few hundred kB.
 *
 * Frame and units: the map is a nested `<svg class="wm-view">` whose user unit is 1 mm in the wafer
 * frame with y flipped (page y = -wafer y: the notch, at -y, is at the bottom as in KLayout). Every
 * die site is one `<use>` of one `<symbol>` per status, so the file grows by ~100 bytes per die.
 * Outside the view sit the title and the legend in px (they do not zoom).
 *
 * Statuses: whole (the die is placed), dummy (a partial edge site holding the dummy mesh), partial
 * (a partial site exposed by a reticle shot, or any partial site when there is no shot plan) and
 * skipped (a partial site outside every shot: shots without a whole die are not exposed).
 *
 * Zoom: a small inline script (no network, no library) pans with a drag, zooms with the wheel around
 * the pointer and resets on double-click by rewriting the view's viewBox. Without script the map is
 * a static picture: every die still has its tooltip, and die IDs are drawn when legible at the
 * default size (>= MIN_ID_PX); with the script they appear once zoomed in far enough.
 *
 * Output is a pure function of the input: same data, identical string.
 */
import { fmtNum, PathDataBuilder, svgEscape } from './format.ts';
import { counterClockwise, splitKeyholes } from './geometry.ts';

export type SiteStatus = 'whole' | 'dummy' | 'partial' | 'skipped';
export const SITE_STATUSES: readonly SiteStatus[] = ['whole', 'dummy', 'partial', 'skipped'];

export interface WaferMapSite {
  /** Lattice column and row. */
  col: number;
  row: number;
  /** Die centre, um, wafer frame. */
  xUm: number;
  yUm: number;
  /** Die ID ('R07C12'), '' when the site has none. */
  id: string;
  status: SiteStatus;
}

export interface WaferMapData {
  /** Heading of the legend and the document title. */
  title: string;
  diameterMm: number;
  edgeExclusionMm: number;
  /** Wafer outline (with notch or flat) and the usable region's boundary: flat closed rings, dbu, wafer frame. */
  outline: ArrayLike<number>;
  usable: ArrayLike<number>;
  /** Die size without street and the site pitch, um. */
  dieUm: readonly [number, number];
  pitchUm: readonly [number, number];
  /** Centre of site (0, 0) from the wafer centre, um, and how it was chosen (legend text). */
  offsetUm?: readonly [number, number];
  offsetMode?: string;
  sites: readonly WaferMapSite[];
  /** Reticle shots: lower-left corner and size of the field, um, wafer frame. */
  shots?: ReadonlyArray<{ id: number; originUm: readonly [number, number]; sizeUm: readonly [number, number]; wholeCount: number; sites: number }>;
  /** Plating network: the contact ring (polygons with holes) and the bus lines (boxes [x0, y0, x1, y1]), dbu. */
  plating?: {
    ring: ReadonlyArray<{ outer: ArrayLike<number>; holes: ReadonlyArray<ArrayLike<number>> }>;
    bus: ReadonlyArray<readonly [number, number, number, number]>;
  };
  /** Points to flag (DRC violations outside the dies), um, wafer frame. */
  markers?: ReadonlyArray<{ xUm: number; yUm: number; title: string }>;
}

export interface WaferMapOptions {
  /** Side of the square map view, px, 200..20000 (default 900). */
  sizePx?: number;
}

/** Fill colours of the site statuses and the map furniture (light page). */
export const WAFER_MAP_COLORS = {
  background: '#ffffff',
  wafer: '#eef1f5',
  outline: '#1f2937',
  exclusion: '#d03030',
  whole: '#2f9e5b',
  dummy: '#8e96a8',
  partial: '#f2a33a',
  skipped: '#ffffff',
  skippedEdge: '#9aa3b2',
  shot: '#2f5fd0',
  plating: '#c8742f',
  marker: '#e0182d',
  text: '#111827',
} as const;

const STATUS_LABEL: Record<SiteStatus, string> = {
  whole: 'whole die',
  dummy: 'dummy (partial, mesh)',
  partial: 'partial, exposed',
  skipped: 'partial, skipped shot',
};

/** Die IDs are shown once their glyphs are at least this tall on screen, px. */
export const MIN_ID_PX = 7;
const LEGEND_W = 330;
const MARGIN_FRACTION = 0.025;
/** Screen gap kept between neighbouring dies at the default size, px, so streets narrower than a pixel still separate them. */
const GAP_PX = 0.8;

/** The pan/zoom script: initialises every `svg.wafer-map` once (safe when several maps share a page). */
export const WAFER_MAP_SCRIPT = `(function(){
var maps=document.querySelectorAll('svg.wafer-map');
for(var i=0;i<maps.length;i++)init(maps[i]);
function init(root){
if(root.getAttribute('data-zoom-ready'))return;root.setAttribute('data-zoom-ready','1');
var view=root.querySelector('svg.wm-view');if(!view)return;
var b=view.viewBox.baseVal,home=[b.x,b.y,b.width,b.height],vb=home.slice(),idMm=+root.getAttribute('data-id-mm'),drag=null;
function set(){view.setAttribute('viewBox',vb.join(' '));var px=view.getBoundingClientRect().width/vb[2];root.classList.toggle('wm-zoomed',idMm*px>=${MIN_ID_PX});}
function at(e){var r=view.getBoundingClientRect();return[vb[0]+(e.clientX-r.left)/r.width*vb[2],vb[1]+(e.clientY-r.top)/r.height*vb[3]];}
view.addEventListener('wheel',function(e){e.preventDefault();var p=at(e),w=Math.min(home[2],Math.max(home[2]/400,vb[2]*Math.pow(1.0015,e.deltaY))),k=w/vb[2];vb=[p[0]-(p[0]-vb[0])*k,p[1]-(p[1]-vb[1])*k,vb[2]*k,vb[3]*k];set();},{passive:false});
view.addEventListener('pointerdown',function(e){drag={x:e.clientX,y:e.clientY,vb:vb.slice()};view.setPointerCapture(e.pointerId);});
view.addEventListener('pointermove',function(e){if(!drag)return;var r=view.getBoundingClientRect();vb[0]=drag.vb[0]-(e.clientX-drag.x)/r.width*vb[2];vb[1]=drag.vb[1]-(e.clientY-drag.y)/r.height*vb[3];set();});
view.addEventListener('pointerup',function(){drag=null;});
view.addEventListener('dblclick',function(){vb=home.slice();set();});
}})();`;

/** Renders the wafer map as a standalone SVG document (UTF-8 text); see the module notes. */
export function waferMapSvg(data: WaferMapData, options: WaferMapOptions = {}): string {
  const size = options.sizePx ?? 900;
  if (!(size >= 200 && size <= 20000)) throw new RangeError(`waferMapSvg: sizePx ${size} is outside 200..20000`);
  const C = WAFER_MAP_COLORS;
  const R = data.diameterMm / 2;
  const half = R * (1 + MARGIN_FRACTION);
  const pxPerMm = size / (2 * half);
  // 4 decimals of a mm: 0.1 um, below anything a person can see even zoomed 400x.
  const n = (v: number) => fmtNum(v, 4);
  const mm = (um: number) => n(um / 1000);
  const ringD = (ring: ArrayLike<number>) => {
    const d = new PathDataBuilder();
    d.ring(flipDbuToMm(ring));
    return d.toString();
  };

  const counts: Record<SiteStatus, number> = { whole: 0, dummy: 0, partial: 0, skipped: 0 };
  for (const s of data.sites) counts[s.status]++;

  // Symbols: the die box, shrunk so at least GAP_PX separates neighbours on screen at the default size.
  const [dw, dh] = [data.dieUm[0] / 1000, data.dieUm[1] / 1000];
  const [pw, ph] = [data.pitchUm[0] / 1000, data.pitchUm[1] / 1000];
  const gap = GAP_PX / pxPerMm;
  const sw = Math.max(dw * 0.5, Math.min(dw, pw - gap));
  const sh = Math.max(dh * 0.5, Math.min(dh, ph - gap));
  // ID glyph height, mm: the ID (~6 characters of ~0.62 em) fills ~85 % of the die width, at most 30 % of its height.
  const idLen = Math.max(4, ...data.sites.map((s) => s.id.length));
  const idMm = Math.min((0.85 * sw) / (idLen * 0.62), 0.3 * sh);
  const idsByDefault = idMm * pxPerMm >= MIN_ID_PX;

  const legendH = 470;
  const width = size + LEGEND_W;
  const height = Math.max(size, legendH);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="wafer-map${idsByDefault ? ' wm-ids-on' : ''}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `data-id-mm="${n(idMm)}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">`,
  );
  out.push(`<title>${svgEscape(data.title)}: wafer map</title>`);
  out.push(
    `<desc>wlpgen wafer map: ${data.diameterMm} mm wafer, ${counts.whole} whole dies. Map user unit 1 mm, wafer frame with y up (page y = -y). ` +
      `Scroll to zoom, drag to pan, double-click to reset.</desc>`,
  );
  out.push(
    `<style>.wafer-map .wm-ids{display:none}.wafer-map.wm-ids-on .wm-ids,.wafer-map.wm-zoomed .wm-ids{display:inline}` +
      `.wafer-map .wm-view{cursor:grab}.wafer-map use:hover{fill-opacity:0.6}</style>`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="${C.background}"/>`);
  out.push(`<svg class="wm-view" x="0" y="0" width="${size}" height="${size}" viewBox="${n(-half)} ${n(-half)} ${n(2 * half)} ${n(2 * half)}" overflow="hidden">`);
  out.push('<defs>');
  for (const st of SITE_STATUSES) {
    const stroke = st === 'skipped' ? ` stroke="${C.skippedEdge}" stroke-width="1" stroke-dasharray="3 2" vector-effect="non-scaling-stroke"` : '';
    out.push(`<symbol id="wm-${st}" overflow="visible"><rect x="${n(-sw / 2)}" y="${n(-sh / 2)}" width="${n(sw)}" height="${n(sh)}" fill="${C[st]}"${stroke}/></symbol>`);
  }
  out.push('</defs>');
  // Catches pointer events over empty space too, so the whole view pans.
  out.push(`<rect x="${n(-half)}" y="${n(-half)}" width="${n(2 * half)}" height="${n(2 * half)}" fill="${C.background}"/>`);
  out.push(`<path class="wm-wafer" d="${ringD(data.outline)}" fill="${C.wafer}" stroke="${C.outline}" stroke-width="1.5" vector-effect="non-scaling-stroke"><title>wafer ${data.diameterMm} mm</title></path>`);
  if (data.plating) {
    const d = new PathDataBuilder();
    for (const p of data.plating.ring) {
      for (const loop of splitKeyholes(counterClockwise(flipDbuToMm(p.outer)))) d.ring(loop);
      for (const h of p.holes) d.ring(flipDbuToMm(h));
    }
    for (const [x0, y0, x1, y1] of data.plating.bus) d.ring(flipDbuToMm([x0, y0, x1, y0, x1, y1, x0, y1]));
    out.push(`<path class="wm-plating" d="${d}" fill="${C.plating}" fill-opacity="0.75" fill-rule="evenodd"><title>plating: contact ring and ${data.plating.bus.length} bus lines</title></path>`);
  }
  out.push(`<g class="wm-sites">`);
  for (const s of data.sites) {
    const tip = `${s.id ? s.id + ' ' : ''}(col ${s.col}, row ${s.row}) ${STATUS_LABEL[s.status]}, centre ${mm(s.xUm)}, ${mm(s.yUm)} mm`;
    out.push(`<use href="#wm-${s.status}" x="${mm(s.xUm)}" y="${mm(-s.yUm)}"><title>${svgEscape(tip)}</title></use>`);
  }
  out.push('</g>');
  out.push(`<path class="wm-exclusion" d="${ringD(data.usable)}" fill="none" stroke="${C.exclusion}" stroke-width="1" stroke-dasharray="5 3" vector-effect="non-scaling-stroke"><title>edge exclusion ${data.edgeExclusionMm} mm</title></path>`);
  if (data.shots?.length) {
    const d = new PathDataBuilder();
    for (const sh of data.shots) {
      // PathDataBuilder takes um and writes mm (see flipDbuToMm).
      const [x0, y0] = [sh.originUm[0], -sh.originUm[1]];
      const [w, h] = sh.sizeUm;
      d.ring([x0, y0, x0 + w, y0, x0 + w, y0 - h, x0, y0 - h]);
    }
    out.push(`<path class="wm-shots" d="${d}" fill="none" stroke="${C.shot}" stroke-width="1" stroke-opacity="0.85" vector-effect="non-scaling-stroke"><title>${data.shots.length} reticle shots</title></path>`);
  }
  const ids = data.sites.filter((s) => s.id);
  if (ids.length) {
    out.push(`<g class="wm-ids" font-size="${n(idMm)}" fill="#ffffff" text-anchor="middle" dominant-baseline="central" pointer-events="none">`);
    for (const s of ids) out.push(`<text x="${mm(s.xUm)}" y="${mm(-s.yUm)}">${svgEscape(s.id)}</text>`);
    out.push('</g>');
  }
  if (data.markers?.length) {
    const r = 6 / pxPerMm;
    out.push(`<g class="wm-markers" fill="${C.marker}" fill-opacity="0.25" stroke="${C.marker}" stroke-width="2" vector-effect="non-scaling-stroke">`);
    for (const m of data.markers) out.push(`<circle cx="${mm(m.xUm)}" cy="${mm(-m.yUm)}" r="${n(r)}" vector-effect="non-scaling-stroke"><title>${svgEscape(m.title)}</title></circle>`);
    out.push('</g>');
  }
  out.push('</svg>');
  out.push(legend(data, counts, size, pxPerMm));
  // CDATA: the script holds '<' and '&&', which XML would otherwise parse (HTML's parser accepts CDATA inside SVG too).
  out.push(`<script><![CDATA[${WAFER_MAP_SCRIPT}]]></script>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * Flat dbu ring (wafer frame, y up) -> flat ring of whole um in the page frame (y down). PathDataBuilder
 * writes its integer input divided by 1000, so um in gives mm out: the map's user unit.
 */
function flipDbuToMm(ring: ArrayLike<number>): number[] {
  const out = new Array<number>(ring.length);
  for (let i = 0; i < ring.length; i += 2) {
    out[i] = Math.round(ring[i] / 1000);
    out[i + 1] = -Math.round(ring[i + 1] / 1000);
  }
  return out;
}

/** The legend panel right of the view, px: statuses with counts, furniture, and the figures. */
function legend(data: WaferMapData, counts: Record<SiteStatus, number>, x0: number, pxPerMm: number): string {
  const C = WAFER_MAP_COLORS;
  const x = x0 + 16;
  let y = 28;
  const out: string[] = [`<g class="wm-legend" font-size="13" fill="${C.text}">`];
  out.push(`<text x="${x}" y="${y}" font-size="16" font-weight="bold">${svgEscape(data.title)}</text>`);
  y += 22;
  out.push(`<text x="${x}" y="${y}" fill-opacity="0.75">${fmtNum(data.diameterMm, 3)} mm wafer, ${fmtNum(data.edgeExclusionMm, 3)} mm edge exclusion</text>`);
  y += 26;
  const row = (swatch: string, label: string, count?: number, cls = '') => {
    out.push(`<g class="wm-legend-entry${cls}">${swatch.replace('Y', String(y - 10))}<text x="${x + 26}" y="${y}">${svgEscape(label)}${count === undefined ? '' : ` <tspan font-weight="bold">${count}</tspan>`}</text></g>`);
    y += 22;
  };
  for (const st of SITE_STATUSES) {
    if (st !== 'whole' && !counts[st]) continue;
    const stroke = st === 'skipped' ? ` stroke="${C.skippedEdge}" stroke-dasharray="3 2"` : '';
    row(`<rect x="${x}" y="Y" width="16" height="12" fill="${C[st]}"${stroke}/>`, STATUS_LABEL[st], counts[st], ` wm-status-${st}`);
  }
  if (data.shots?.length) row(`<rect x="${x}" y="Y" width="16" height="12" fill="none" stroke="${C.shot}" stroke-width="1.5"/>`, 'reticle shots', data.shots.length);
  if (data.plating) row(`<rect x="${x}" y="Y" width="16" height="12" fill="${C.plating}" fill-opacity="0.75"/>`, 'plating ring and bus');
  row(`<rect x="${x}" y="Y" width="16" height="12" fill="none" stroke="${C.exclusion}" stroke-dasharray="4 2"/>`, 'edge exclusion');
  if (data.markers?.length) row(`<circle cx="${x + 8}" cy="${y - 4}" r="6" fill="${C.marker}" fill-opacity="0.25" stroke="${C.marker}" stroke-width="2"/>`.replace('Y', ''), 'DRC violations (kerf/edge)', data.markers.length);
  y += 10;
  const line = (t: string) => {
    out.push(`<text x="${x}" y="${y}">${svgEscape(t)}</text>`);
    y += 19;
  };
  line(`die ${fmtNum(data.dieUm[0], 3)} × ${fmtNum(data.dieUm[1], 3)} µm`);
  line(`pitch ${fmtNum(data.pitchUm[0], 3)} × ${fmtNum(data.pitchUm[1], 3)} µm`);
  if (data.offsetUm) line(`grid offset ${fmtNum(data.offsetUm[0], 3)}, ${fmtNum(data.offsetUm[1], 3)} µm${data.offsetMode ? ` (${data.offsetMode})` : ''}`);
  // A 1-2-5 scale bar for the default size (the map zooms; the bar does not).
  const target = 120 / pxPerMm;
  const p = 10 ** Math.floor(Math.log10(target));
  const len = [5, 2, 1].map((m) => m * p).find((v) => v <= target) ?? p;
  y += 14;
  out.push(`<path d="M${x} ${y}h${fmtNum(len * pxPerMm, 2)}" stroke="${C.text}" stroke-width="3"/><text x="${x}" y="${y - 8}" font-size="12">${fmtNum(len, 3)} mm (unzoomed)</text>`);
  y += 28;
  out.push(`<text x="${x}" y="${y}" font-size="12" fill-opacity="0.65">scroll: zoom · drag: pan · double-click: reset</text>`);
  y += 18;
  out.push(`<text x="${x}" y="${y}" font-size="12" fill-opacity="0.65">hover a die for its ID and position</text>`);
  out.push('</g>');
  return out.join('\n');
}
