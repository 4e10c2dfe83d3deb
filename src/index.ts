/**
 * wlpgen's public API. Everything a script needs is exported by name from here; modules do not
 * reach into each other's folders except through their index files.
 */
export * from './core/index.ts';
export * from './io/gds/index.ts';
export { summarizeLibrary, formatSummary, type LibrarySummary } from './io/gds/summary.ts';
export * from './io/lyp/index.ts';
export * from './tech/index.ts';
export * from './route/index.ts';
export * from './design/index.ts';
export { build, buildToFiles, writeFlatGds, type BuildOptions, type BuildReport, type BuildResult } from './design/pipeline.ts';
export * from './wafer/index.ts';
export * from './mech/index.ts';
export * from './stack/index.ts';
export * from './io/svg/index.ts';
export * from './io/html/index.ts';
export * from './io/png/index.ts';
export * from '../cells/index.ts';
