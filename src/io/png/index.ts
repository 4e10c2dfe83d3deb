/** PNG pictures of a layout rendered by external viewers (KLayout). */
export { klayoutPng, klayoutVersion, KLAYOUT_RENDER_SCRIPT } from './klayout.ts';
export type { KlayoutPngOptions, KlayoutPngResult } from './klayout.ts';
