export * from './types.ts';
export * from './csv.ts';
export { DesignError, bumpName, loadDesign, parseDesign, readDesignSource, rowName } from './load.ts';
