/**
 * Streaming GDSII writer. Records go into a fixed 1 MiB buffer that is handed to a ByteSink whenever
 * it fills, so memory stays bounded however large the layout (a flat wafer export streams through
 * here shape by shape). Output is byte-identical for identical input: time stamps are fixed unless
 * the caller gives one.
 */
import type { ArrayRef, Cell, Label, Path, Property } from '../../core/cell.ts';
import { InputError } from '../../core/errors.ts';
import type { Library } from '../../core/library.ts';
import { Transform } from '../../core/transform.ts';
import { splitPolygon } from '../../geom/split.ts';
import { DEFAULT_POLYGON_VERTICES, DT, MAX_POLYGON_VERTICES, MAX_XY_POINTS, RT, STRANS_REFLECT } from './records.ts';
import { encodeReal8 } from './real8.ts';
import { MemorySink, withFileSink, type ByteSink } from './sink.ts';

/** The default time stamp of BGNLIB/BGNSTR: fixed so identical layouts give identical bytes. */
export const DEFAULT_GDS_TIMESTAMP = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

export interface GdsWriteOptions {
  /** Modification/access time written into BGNLIB and BGNSTR (UTC). Default DEFAULT_GDS_TIMESTAMP. */
  timestamp?: Date;
  /** Polygons with more vertices are split into valid pieces: default 4094 (records below 0x8000 bytes), at most 8190 (the GDSII limit). */
  maxPolygonVertices?: number;
}

const BUFFER_BYTES = 1 << 20;
const encoder = new TextEncoder();

export class GdsStreamWriter {
  private buf = new Uint8Array(BUFFER_BYTES);
  private pos = 0;
  private readonly stamp: number[];
  private readonly maxVertices: number;
  private state: 'start' | 'library' | 'cell' | 'done' = 'start';
  /** Bytes handed to the sink so far plus those buffered. */
  private flushed = 0;

  constructor(private readonly sink: ByteSink, options: GdsWriteOptions = {}) {
    const t = options.timestamp ?? DEFAULT_GDS_TIMESTAMP;
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) throw new InputError('E_TIMESTAMP', `GDS timestamp: ${String(t)} is not a valid date`);
    const one = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
    this.stamp = [...one, ...one];
    this.maxVertices = options.maxPolygonVertices ?? DEFAULT_POLYGON_VERTICES;
    if (!Number.isInteger(this.maxVertices) || this.maxVertices < 4 || this.maxVertices > MAX_POLYGON_VERTICES) {
      throw new InputError('E_OPTION', `maxPolygonVertices: ${this.maxVertices} (allowed: 4..${MAX_POLYGON_VERTICES})`);
    }
  }

  /** Total bytes written so far. */
  get bytesWritten(): number {
    return this.flushed + this.pos;
  }

  private flush(): void {
    if (this.pos > 0) {
      this.sink.write(this.buf.subarray(0, this.pos));
      this.flushed += this.pos;
      this.pos = 0;
    }
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  private header(length: number, type: number, datatype: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = length >>> 8;
    b[p + 1] = length & 0xff;
    b[p + 2] = type;
    b[p + 3] = datatype;
    this.pos = p + 4;
  }

  private i16(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = (v >>> 8) & 0xff;
    b[p + 1] = v & 0xff;
    this.pos = p + 2;
  }

  private i32(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = (v >>> 24) & 0xff;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.pos = p + 4;
  }

  private empty(type: number): void {
    this.ensure(4);
    this.header(4, type, DT.NONE);
  }

  private int16Record(type: number, values: readonly number[], datatype: number = DT.INT16): void {
    this.ensure(4 + 2 * values.length);
    this.header(4 + 2 * values.length, type, datatype);
    for (const v of values) this.i16(v);
  }

  private int32Record(type: number, v: number): void {
    this.ensure(8);
    this.header(8, type, DT.INT32);
    this.i32(v);
  }

  private real8Record(type: number, values: readonly number[]): void {
    this.ensure(4 + 8 * values.length);
    this.header(4 + 8 * values.length, type, DT.REAL8);
    for (const v of values) {
      encodeReal8(v, this.buf, this.pos);
      this.pos += 8;
    }
  }

  private stringRecord(type: number, text: string, what: string): void {
    const bytes = encoder.encode(text);
    const padded = bytes.length + (bytes.length & 1);
    if (4 + padded > 65534) throw new InputError('E_STRING_LENGTH', `${what}: '${text.slice(0, 40)}...' is longer than one GDSII record allows (65530 bytes)`);
    this.ensure(4 + padded);
    this.header(4 + padded, type, DT.ASCII);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    if (bytes.length & 1) this.buf[this.pos++] = 0;
  }

  private xy(coords: ArrayLike<number>, closeRing: boolean): void {
    const n = coords.length + (closeRing ? 2 : 0);
    const bytes = 4 + 4 * n;
    this.ensure(bytes);
    this.header(bytes, RT.XY, DT.INT32);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < coords.length; i++) {
      const v = coords[i];
      b[p] = (v >>> 24) & 0xff;
      b[p + 1] = (v >>> 16) & 0xff;
      b[p + 2] = (v >>> 8) & 0xff;
      b[p + 3] = v & 0xff;
      p += 4;
    }
    if (closeRing) {
      for (let i = 0; i < 2; i++) {
        const v = coords[i];
        b[p] = (v >>> 24) & 0xff;
        b[p + 1] = (v >>> 16) & 0xff;
        b[p + 2] = (v >>> 8) & 0xff;
        b[p + 3] = v & 0xff;
        p += 4;
      }
    }
    this.pos = p;
  }

  private properties(props: readonly Property[] | undefined): void {
    if (!props) return;
    for (const p of props) {
      this.int16Record(RT.PROPATTR, [p.attr]);
      this.stringRecord(RT.PROPVALUE, p.value, `property ${p.attr}`);
    }
  }

  private strans(t: Transform): void {
    if (!t.mirrorX && t.rotation === 0 && t.magnification === 1) return;
    this.int16Record(RT.STRANS, [t.mirrorX ? STRANS_REFLECT : 0], DT.BITARRAY);
    if (t.magnification !== 1) this.real8Record(RT.MAG, [t.magnification]);
    if (t.rotation !== 0) this.real8Record(RT.ANGLE, [t.rotation]);
  }

  beginLibrary(name: string, userUnit: number, metreUnit: number): void {
    if (this.state !== 'start') throw new Error('GdsStreamWriter: beginLibrary() called twice');
    this.int16Record(RT.HEADER, [600]);
    this.int16Record(RT.BGNLIB, this.stamp);
    this.stringRecord(RT.LIBNAME, name, 'library name');
    this.real8Record(RT.UNITS, [userUnit, metreUnit]);
    this.state = 'library';
  }

  beginCell(name: string): void {
    if (this.state !== 'library') throw new Error(`GdsStreamWriter: beginCell('${name}') outside a library or inside another cell`);
    this.int16Record(RT.BGNSTR, this.stamp);
    this.stringRecord(RT.STRNAME, name, 'cell name');
    this.state = 'cell';
  }

  /** Writes one BOUNDARY (or several, when it has more vertices than a record holds). */
  polygon(layer: number, datatype: number, points: ArrayLike<number>, props?: readonly Property[]): void {
    const vertices = points.length >> 1;
    if (vertices > this.maxVertices) {
      const pieces = splitPolygon(points instanceof Int32Array ? points : Int32Array.from(points), this.maxVertices);
      for (const piece of pieces) this.polygon(layer, datatype, piece, props);
      return;
    }
    this.ensure(16);
    this.header(4, RT.BOUNDARY, DT.NONE);
    this.header(6, RT.LAYER, DT.INT16);
    this.i16(layer);
    this.header(6, RT.DATATYPE, DT.INT16);
    this.i16(datatype);
    this.xy(points, true);
    this.properties(props);
    this.empty(RT.ENDEL);
  }

  /** Writes a PATH; spines longer than one XY record are split into consecutive paths sharing a vertex. */
  path(p: Path): void {
    const points = p.points.length >> 1;
    if (points > MAX_XY_POINTS) {
      for (let start = 0; start < points - 1; start += MAX_XY_POINTS - 1) {
        const end = Math.min(points, start + MAX_XY_POINTS);
        this.path({ ...p, points: p.points.subarray(2 * start, 2 * end) });
      }
      return;
    }
    this.empty(RT.PATH);
    this.int16Record(RT.LAYER, [p.layer]);
    this.int16Record(RT.DATATYPE, [p.datatype]);
    if (p.pathtype !== 0) this.int16Record(RT.PATHTYPE, [p.pathtype]);
    this.int32Record(RT.WIDTH, p.width);
    if (p.pathtype === 4) {
      this.int32Record(RT.BGNEXTN, p.beginExtension);
      this.int32Record(RT.ENDEXTN, p.endExtension);
    }
    this.xy(p.points, false);
    this.properties(p.properties);
    this.empty(RT.ENDEL);
  }

  label(l: Label): void {
    this.empty(RT.TEXT);
    this.int16Record(RT.LAYER, [l.layer]);
    this.int16Record(RT.TEXTTYPE, [l.texttype]);
    const presentation = (l.font << 4) | (l.vjust << 2) | l.hjust;
    if (presentation !== (2 << 2)) this.int16Record(RT.PRESENTATION, [presentation], DT.BITARRAY);
    this.strans(l.transform);
    this.xy([l.transform.x, l.transform.y], false);
    this.stringRecord(RT.STRING, l.text, 'label text');
    this.properties(l.properties);
    this.empty(RT.ENDEL);
  }

  sref(cellName: string, t: Transform, props?: readonly Property[]): void {
    this.empty(RT.SREF);
    this.stringRecord(RT.SNAME, cellName, 'referenced cell name');
    this.strans(t);
    this.xy([t.x, t.y], false);
    this.properties(props);
    this.empty(RT.ENDEL);
  }

  aref(cellName: string, a: Omit<ArrayRef, 'cell'>): void {
    const t = a.transform;
    this.empty(RT.AREF);
    this.stringRecord(RT.SNAME, cellName, 'referenced cell name');
    this.strans(t);
    this.int16Record(RT.COLROW, [a.cols, a.rows]);
    this.xy(
      [
        t.x, t.y,
        Math.round(t.x + a.cols * a.colStep[0]), Math.round(t.y + a.cols * a.colStep[1]),
        Math.round(t.x + a.rows * a.rowStep[0]), Math.round(t.y + a.rows * a.rowStep[1]),
      ],
      false,
    );
    this.properties(a.properties);
    this.empty(RT.ENDEL);
  }

  endCell(): void {
    if (this.state !== 'cell') throw new Error('GdsStreamWriter: endCell() outside a cell');
    this.empty(RT.ENDSTR);
    this.state = 'library';
  }

  /** Writes ENDLIB and flushes; the sink is not closed (the caller owns it). */
  endLibrary(): void {
    if (this.state !== 'library') throw new Error('GdsStreamWriter: endLibrary() with a cell still open or no library');
    this.empty(RT.ENDLIB);
    this.flush();
    this.state = 'done';
  }

  /** Writes all elements of one cell (between beginCell and endCell). */
  cellBody(cell: Cell): void {
    for (const p of cell.polygons) this.polygon(p.layer, p.datatype, p.points, p.properties);
    for (const p of cell.paths) this.path(p);
    for (const l of cell.labels) this.label(l);
    for (const r of cell.refs) this.sref(r.cell.name, r.transform, r.properties);
    for (const a of cell.arrays) this.aref(a.cell.name, a);
  }
}

/** Writes a whole library to a sink (not closed). */
export function writeLibrary(lib: Library, sink: ByteSink, options: GdsWriteOptions = {}): number {
  lib.validate();
  const w = new GdsStreamWriter(sink, options);
  w.beginLibrary(lib.name, lib.userUnit, lib.metreUnit);
  for (const cell of lib.cells) {
    w.beginCell(cell.name);
    w.cellBody(cell);
    w.endCell();
  }
  w.endLibrary();
  return w.bytesWritten;
}

/** The library as GDSII bytes (uncompressed). */
export function gdsBytes(lib: Library, options: GdsWriteOptions = {}): Uint8Array {
  const sink = new MemorySink();
  writeLibrary(lib, sink, options);
  sink.close();
  return sink.bytes();
}

/**
 * Writes the library to `file` atomically (gzip when the name ends in .gz). Returns the number of
 * uncompressed GDSII bytes.
 */
export function writeGds(lib: Library, file: string, options: GdsWriteOptions = {}): number {
  return withFileSink(file, (sink) => writeLibrary(lib, sink, options));
}

