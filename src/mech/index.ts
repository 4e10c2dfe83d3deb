/** Post and bump mechanics: pure functions, units in the names (um, N, GPa, MPa, ppm/K, K). */
export { MPA_PER_N_PER_UM2, N_PER_UM2_PER_GPA, PER_K_PER_PPM } from './units.ts';
export * from './materials.ts';
export * from './post.ts';
export * from './thermal.ts';
export * from './ranges.ts';
export * from './report.ts';
