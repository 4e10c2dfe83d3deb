/** SVG previews of cell hierarchies: `cellToSvg` and its option types (user unit 1 um, y axis up). */
export { cellToSvg } from './writer.ts';
export { svgEscape, fmtUm } from './format.ts';
export { niceFloor, formatLength, HOVER_CSS } from './decorations.ts';
export { resolveSvgOptions, DEFAULT_BACKGROUND, DEFAULT_FILL_OPACITY, DEFAULT_MAX_SIZE_PX, DEFAULT_HIGHLIGHT_COLOR, DEFAULT_MIN_LABEL_PX, DEFAULT_OUTLINE_MIN_PX } from './options.ts';
export type { LayerStyle, SvgOptions, SvgHighlight, ResolvedSvgOptions } from './options.ts';
export { waferMapSvg, WAFER_MAP_COLORS, WAFER_MAP_SCRIPT, SITE_STATUSES, MIN_ID_PX } from './wafermap.ts';
export type { WaferMapData, WaferMapSite, WaferMapOptions, SiteStatus } from './wafermap.ts';
