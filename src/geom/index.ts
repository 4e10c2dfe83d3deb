/** The geometry engine: booleans and offsets, polygon splitting, octilinear paths, snapped shapes, spatial index. */
export * from './predicates.ts';
export * from './clipper.ts';
export * from './split.ts';
export * from './octilinear.ts';
export * from './shapes.ts';
export * from './spatial.ts';
