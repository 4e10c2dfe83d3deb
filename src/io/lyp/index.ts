/** KLayout layer properties (.lyp) from a technology's layer map. */
export * from './writer.ts';
