export * from './outline.ts';
export * from './grid.ts';
