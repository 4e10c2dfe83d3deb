/** RDL router: pad-to-bump assignment, octilinear maze routing with negotiated congestion, plating ties. */
export * from './types.ts';
export { routeDie } from './router.ts';
export { drawRouting } from './output.ts';
export { assign, minCostAssignment, octile, uncross, type Assignment } from './assign.ts';
export { ringArrayCase, ringPads, arrayBumps, ballName, type RingArraySpec } from './cases.ts';
export { octagon, circlePolygon, segmentMetal } from './shapes.ts';
