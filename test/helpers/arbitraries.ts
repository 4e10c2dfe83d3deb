/** fast-check generators of random libraries: hierarchy, arrays, paths, texts, properties, transforms. */
import fc from 'fast-check';
import { Cell, Library, Transform, type PathType, type Property } from '../../src/core/index.ts';

const coord = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -2_000_000, max: 2_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(-2147483648, 2147483647, 0, -1, 1) },
);
const layerNum = fc.integer({ min: 0, max: 65535 });
const smallLayer = fc.integer({ min: 0, max: 300 });
const props: fc.Arbitrary<Property[] | undefined> = fc.option(
  fc.array(fc.record({ attr: fc.integer({ min: 0, max: 65535 }), value: fc.string({ minLength: 0, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019 _-=.'.split('')) }) }), { minLength: 1, maxLength: 3 }),
  { nil: undefined },
);
const rotation = fc.oneof(fc.constantFrom(0, 90, 180, 270), fc.double({ min: 0, max: 359.999, noNaN: true }));
const magnification = fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 100, noNaN: true }));
const placement = fc.record({
  x: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  y: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  rotation,
  magnification,
  mirrorX: fc.boolean(),
});

/** A ring of 3..12 vertices with at least 3 distinct points and no consecutive duplicates. */
const ring = fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 12 }).filter((pts) => {
  const distinct = new Set(pts.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return false;
  for (let i = 0; i < pts.length; i++) {
    const q = pts[(i + 1) % pts.length];
    if (pts[i][0] === q[0] && pts[i][1] === q[1]) return false;
  }
  return true;
});
const spine = fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 8 }).filter((pts) => {
  for (let i = 1; i < pts.length; i++) if (pts[i][0] === pts[i - 1][0] && pts[i][1] === pts[i - 1][1]) return false;
  return pts.length >= 2 && !(pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]);
});

const cellContent = fc.record({
  polygons: fc.array(fc.record({ layer: layerNum, datatype: smallLayer, ring, props }), { maxLength: 5 }),
  paths: fc.array(
    fc.record({
      layer: smallLayer, datatype: smallLayer, spine, width: fc.integer({ min: 0, max: 100_000 }),
      pathtype: fc.constantFrom<PathType>(0, 1, 2, 4), ext: fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 })), props,
    }),
    { maxLength: 3 },
  ),
  labels: fc.array(
    fc.record({
      layer: smallLayer, texttype: smallLayer,
      text: fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom(...'ABCdef0129_ -.:/'.split('')) }),
      x: coord, y: coord, hjust: fc.constantFrom<0 | 1 | 2>(0, 1, 2), vjust: fc.constantFrom<0 | 1 | 2>(0, 1, 2), font: fc.integer({ min: 0, max: 3 }),
      rotation, magnification, mirrorX: fc.boolean(), props,
    }),
    { maxLength: 3 },
  ),
  refs: fc.array(fc.record({ target: fc.nat(), t: placement, props }), { maxLength: 3 }),
  arrays: fc.array(
    fc.record({
      target: fc.nat(), t: placement, cols: fc.integer({ min: 1, max: 40 }), rows: fc.integer({ min: 1, max: 40 }),
      colStep: fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -100_000, max: 100_000 })),
      rowStep: fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -100_000, max: 100_000 })),
      props,
    }),
    { maxLength: 2 },
  ),
});

/** A random library of 1..6 cells; cell i may only place cells j < i, so the hierarchy is a DAG. */
export const libraryArbitrary: fc.Arbitrary<Library> = fc
  .record({ name: fc.string({ minLength: 1, maxLength: 16, unit: fc.constantFrom(...'LIBabc_0-9'.split('')) }), cells: fc.array(cellContent, { minLength: 1, maxLength: 6 }) })
  .map(({ name, cells }) => {
    const lib = new Library(name);
    const made: Cell[] = [];
    cells.forEach((content, i) => {
      const cell = new Cell(`C${i}_${name.replace(/[^A-Za-z0-9_]/g, '')}`);
      for (const p of content.polygons) cell.addPolygon([p.layer, p.datatype], p.ring, p.props);
      for (const p of content.paths) {
        cell.addPath([p.layer, p.datatype], p.spine, p.width, { pathtype: p.pathtype, beginExtension: p.ext[0], endExtension: p.ext[1], properties: p.props });
      }
      for (const l of content.labels) {
        cell.addLabel([l.layer, 0], l.text, l.x, l.y, { texttype: l.texttype, hjust: l.hjust, vjust: l.vjust, font: l.font, rotation: l.rotation, magnification: l.magnification, mirrorX: l.mirrorX, properties: l.props });
      }
      if (i > 0) {
        for (const r of content.refs) cell.addRef(made[r.target % i], new Transform(r.t), r.props);
        for (const a of content.arrays) cell.addArray(made[a.target % i], a.cols, a.rows, a.colStep, a.rowStep, new Transform(a.t), a.props);
      }
      made.push(cell);
    });
    lib.add(...made);
    return lib;
  });
