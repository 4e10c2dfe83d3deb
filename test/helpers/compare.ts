/** Structural comparison of two libraries: every field of every element, in order. */
import { expect } from 'vitest';
import type { Library, Transform } from '../../src/core/index.ts';

const t = (x: Transform) => ({ x: x.x, y: x.y, rotation: x.rotation, magnification: x.magnification, mirrorX: x.mirrorX });
const props = (p: readonly { attr: number; value: string }[] | undefined) => (p ?? []).map((q) => [q.attr, q.value]);

export function libraryShape(lib: Library) {
  return {
    name: lib.name,
    userUnit: lib.userUnit,
    metreUnit: lib.metreUnit,
    cells: lib.cells.map((c) => ({
      name: c.name,
      polygons: c.polygons.map((p) => [p.layer, p.datatype, Array.from(p.points), props(p.properties)]),
      paths: c.paths.map((p) => [p.layer, p.datatype, Array.from(p.points), p.width, p.pathtype, p.beginExtension, p.endExtension, props(p.properties)]),
      labels: c.labels.map((l) => [l.layer, l.texttype, l.text, t(l.transform), l.hjust, l.vjust, l.font, props(l.properties)]),
      refs: c.refs.map((r) => [r.cell.name, t(r.transform), props(r.properties)]),
      arrays: c.arrays.map((a) => [a.cell.name, t(a.transform), a.cols, a.rows, [...a.colStep], [...a.rowStep], props(a.properties)]),
    })),
  };
}

export function expectSameLibrary(actual: Library, expected: Library): void {
  expect(libraryShape(actual)).toEqual(libraryShape(expected));
}
