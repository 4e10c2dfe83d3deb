/**
 * Flat GDSII export, streamed: every polygon, path and label below a cell, transformed into its
 * frame, written as one cell without building the flat layout in memory. Memory stays bounded by
 * the hierarchy (the flattening iterators of core/hierarchy.ts yield one shape at a time and the
 * writer's 1 MiB buffer goes to the file as it fills), so a 300 mm wafer of 2,500 dies of a few
 * hundred shapes each streams with the RSS of its hierarchical build.
 *
 * Polygons keep their vertex order (a mirrored placement reverses the orientation, which GDSII
 * does not care about). Paths are transformed point by point with their width (and extensions)
 * scaled by the magnification; labels get the composed transform.
 */
import type { Cell, Label, Path } from '../core/cell.ts';
import { flatLabels, flatPaths, flatPolygons } from '../core/hierarchy.ts';
import { Library } from '../core/library.ts';
import { GdsStreamWriter, type GdsWriteOptions } from '../io/gds/writer.ts';
import { withFileSink, type ByteSink } from '../io/gds/sink.ts';

export interface FlatWriteOptions extends GdsWriteOptions {
  /** Library name (default: the library's, or the cell's name). */
  libraryName?: string;
  /** Name of the one flat cell (default: the top cell's name). */
  cellName?: string;
}

export interface FlatWriteResult {
  /** Uncompressed GDSII bytes written. */
  bytes: number;
  polygons: number;
  paths: number;
  labels: number;
}

/** The top cell of a library (its only top cell; several are an error: say which to flatten). */
function topOf(src: Cell | Library): { cell: Cell; lib?: Library } {
  if (src instanceof Library) {
    const tops = src.topCells();
    if (tops.length !== 1) throw new Error(`writeFlatGds: library '${src.name}' has ${tops.length} top cells (${tops.map((c) => c.name).join(', ')}); pass the cell to flatten`);
    return { cell: tops[0], lib: src };
  }
  return { cell: src };
}

/** Streams the flattened content of `src` (a cell, or a library's single top cell) into `sink`. */
export function writeFlatLibrary(src: Cell | Library, sink: ByteSink, options: FlatWriteOptions = {}): FlatWriteResult {
  const { cell, lib } = topOf(src);
  const w = new GdsStreamWriter(sink, options);
  w.beginLibrary(options.libraryName ?? lib?.name ?? cell.name, lib?.userUnit ?? 0.001, lib?.metreUnit ?? 1e-9);
  w.beginCell(options.cellName ?? cell.name);
  let polygons = 0;
  let paths = 0;
  let labels = 0;
  for (const p of flatPolygons(cell)) {
    w.polygon(p.layer, p.datatype, p.points);
    polygons++;
  }
  for (const { path, transform } of flatPaths(cell)) {
    const m = transform.magnification;
    const flat: Path = transform.isIdentity
      ? path
      : {
          ...path,
          points: transform.applyToCoords(path.points),
          width: Math.round(path.width * m),
          beginExtension: Math.round(path.beginExtension * m),
          endExtension: Math.round(path.endExtension * m),
        };
    w.path(flat);
    paths++;
  }
  for (const { label, transform } of flatLabels(cell)) {
    const flat: Label = transform.isIdentity ? label : { ...label, transform: transform.compose(label.transform) };
    w.label(flat);
    labels++;
  }
  w.endCell();
  w.endLibrary();
  return { bytes: w.bytesWritten, polygons, paths, labels };
}

/**
 * Writes the flattened `src` to `file` (atomically; gzip when the name ends in .gz). Returns the
 * counts and the uncompressed size.
 */
export function writeFlatGds(src: Cell | Library, file: string, options: FlatWriteOptions = {}): FlatWriteResult {
  return withFileSink(file, (sink) => writeFlatLibrary(src, sink, options));
}
