/**
 * Parametric cells: each a function of typed parameters (lengths in integer dbu, 1 dbu = 1 nm;
 * convert micrometres with um() from core) returning a cached, frozen Cell with a deterministic,
 * readable name. See cache.ts for the naming and caching contract.
 */
export { cached, canonicalJson, cellCacheSize, clearCellCache, stableHash, techTag, umPart, type Build, type CellParams, type Naming, type ParamValue } from './cache.ts';
export { bumpStack, bumpStackParams, type BumpStackOptions, type BumpStackSettings } from './bump.ts';
export { padStackCell, type PadStackOptions } from './pad.ts';
export { MAX_POST_HEIGHT, POST_PROPERTY, post, type PostOptions, type PostSection } from './post.ts';
export { tsv, type TsvLayers, type TsvOptions } from './tsv.ts';
export { TERMINAL_RESIN_RANGE, terminalOpening, terminalRadiusAt, type TerminalOptions } from './terminal.ts';
export { chamferedBox, dieBox, dieOutline, innerChamfer, sealRing, type DieOutlineOptions, type SealRingOptions } from './die.ts';
export { alignmentCross, alignmentVernier, cornerMarks, type CornerMarkOptions, type CrossOptions, type VernierOptions } from './marks.ts';
export { FONT_CHARACTERS, fontUnit, normaliseText, textPolygons, textRings, textWidth, type TextOptions } from './font.ts';
export { addNetLabel, netLabel, type NetLabelOptions } from './label.ts';
export { daisyChainDie, daisyPairs, serpentineSite, type DaisyChainOptions, type Site } from './daisy.ts';
export { defaultSides, polygonAround, polygonWithin } from './internal/circle.ts';
