/** SVG previews of cell hierarchies: `cellToSvg` and its option types (user unit 1 um, y axis up). */
export { cellToSvg } from './writer.ts';
export { svgEscape, fmtUm } from './format.ts';
export { niceFloor, formatLength } from './decorations.ts';
export { resolveSvgOptions, DEFAULT_BACKGROUND, DEFAULT_FILL_OPACITY, DEFAULT_MAX_SIZE_PX, DEFAULT_HIGHLIGHT_COLOR, DEFAULT_MIN_LABEL_PX, DEFAULT_OUTLINE_MIN_PX } from './options.ts';
export type { LayerStyle, SvgOptions, SvgHighlight, ResolvedSvgOptions } from './options.ts';
