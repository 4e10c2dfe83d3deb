/**
 * GDSII reader: everything the writer writes, plus what KLayout and gdspy write (BOX, NODE skipped,
 * ELFLAGS/PLEX tolerated, REFLIBS/FONTS/ATTRTABLE/GENERATIONS/FORMAT ignored). Unknown records are
 * skipped with a warning. A truncated or corrupt stream raises one GdsFormatError naming the byte
 * offset and the record; the reader never loops: every step advances by a record length >= 4.
 * Gzip input (.gds.gz, detected by its magic bytes) is inflated first.
 */
import * as fs from 'node:fs';
import * as pako from 'pako';
import { Cell, checkCellName, type HJust, type Label, type Path, type PathType, type Polygon, type Property, type VJust } from '../../core/cell.ts';
import { GdsFormatError, InputError, type Diagnostic } from '../../core/errors.ts';
import { Library } from '../../core/library.ts';
import { Transform } from '../../core/transform.ts';
import { DT, RECORD_DATATYPE, RECORD_NAME, RT, STRANS_REFLECT } from './records.ts';
import { decodeReal8 } from './real8.ts';

export interface GdsReadResult {
  library: Library;
  /** Non-fatal findings (unknown records, skipped elements), each with the byte offset. */
  warnings: Diagnostic[];
  /** The BGNLIB modification time, when valid. */
  modified?: Date;
}

export interface GdsReadOptions {
  /** Name used in messages (the file path). */
  source?: string;
}

/** Vertices are stored in shared chunks (subarray views): one allocation per ~4 MB, not per polygon. */
const CHUNK_INTS = 1 << 20;

const decoder = new TextDecoder('utf-8');

/** Reads a .gds or .gds.gz file. */
export function readGdsFile(file: string): GdsReadResult {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new InputError('E_READ', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return readGds(bytes, { source: file });
}

/** Whether the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

interface PendingRef {
  cell: Cell;
  name: string;
  offset: number;
  transform: Transform;
  array?: { cols: number; rows: number; colStep: [number, number]; rowStep: [number, number] };
  properties?: Property[];
}

/** Parses GDSII bytes (gzip-compressed or not) into a Library. */
export function readGds(input: Uint8Array, options: GdsReadOptions = {}): GdsReadResult {
  const source = options.source;
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      bytes = pako.inflate(bytes);
    } catch (err) {
      throw new GdsFormatError(`gzip data is corrupt (${String((err as Error)?.message ?? err)})`, 0, 'gzip', source);
    }
  }
  const n = bytes.length;
  const warnings: Diagnostic[] = [];
  const warn = (offset: number, code: string, message: string) => {
    warnings.push({ code, severity: 'warning', message: `${source ? source + ': ' : ''}byte ${offset}: ${message}`, location: { offset } });
  };

  let pos = 0;
  let recOffset = 0;
  let recType = -1;
  let recDtype = -1;
  let dataStart = 0;
  let dataLen = 0;
  const fail = (message: string): never => {
    throw new GdsFormatError(message, recOffset, RECORD_NAME[recType] ?? (recType < 0 ? 'header' : `0x${recType.toString(16)}`), source);
  };

  /** Advances to the next record; returns false at the end of the stream. */
  const next = (): boolean => {
    if (pos >= n) return false;
    recOffset = pos;
    if (pos + 4 > n) {
      recType = -1;
      fail(`truncated record header (${n - pos} bytes left, 4 needed)`);
    }
    const len = (bytes[pos] << 8) | bytes[pos + 1];
    recType = bytes[pos + 2];
    recDtype = bytes[pos + 3];
    if (len < 4) fail(`record length ${len} is less than 4`);
    if (len & 1) fail(`record length ${len} is odd`);
    if (pos + len > n) fail(`truncated: record of ${len} bytes but only ${n - pos} bytes left in the file`);
    const expected = RECORD_DATATYPE[recType];
    if (expected !== undefined && expected !== recDtype) fail(`data type ${recDtype} where ${expected} is required`);
    dataStart = pos + 4;
    dataLen = len - 4;
    pos += len;
    return true;
  };
  const need = (bytesNeeded: number) => {
    if (dataLen < bytesNeeded) fail(`record has ${dataLen} data bytes, at least ${bytesNeeded} needed`);
  };
  const int16 = (i = 0): number => {
    need(2 * i + 2);
    const v = (bytes[dataStart + 2 * i] << 8) | bytes[dataStart + 2 * i + 1];
    return v & 0x8000 ? v - 0x10000 : v;
  };
  const uint16 = (i = 0): number => {
    need(2 * i + 2);
    return (bytes[dataStart + 2 * i] << 8) | bytes[dataStart + 2 * i + 1];
  };
  const int32 = (i = 0): number => {
    need(4 * i + 4);
    const p = dataStart + 4 * i;
    return (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
  };
  const real8 = (i = 0): number => {
    need(8 * i + 8);
    return decodeReal8(bytes, dataStart + 8 * i);
  };
  const str = (): string => {
    let end = dataStart + dataLen;
    while (end > dataStart && bytes[end - 1] === 0) end--;
    return decoder.decode(bytes.subarray(dataStart, end));
  };
  const expect = (type: number) => {
    if (!next()) {
      recOffset = n;
      recType = type;
      fail(`unexpected end of file: ${RECORD_NAME[type]} expected`);
    }
    if (recType !== type) fail(`${RECORD_NAME[type]} expected`);
  };

  // Vertex storage.
  let chunk = new Int32Array(CHUNK_INTS);
  let chunkUsed = 0;
  const xyInts = (): Int32Array => {
    if (dataLen % 8 !== 0) fail(`XY record of ${dataLen} data bytes is not a whole number of points`);
    const count = dataLen >> 2;
    if (count > chunk.length - chunkUsed) {
      chunk = new Int32Array(Math.max(CHUNK_INTS, count));
      chunkUsed = 0;
    }
    const out = chunk.subarray(chunkUsed, chunkUsed + count);
    chunkUsed += count;
    let p = dataStart;
    for (let i = 0; i < count; i++, p += 4) out[i] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
    return out;
  };

  // Library header.
  expect(RT.HEADER);
  expect(RT.BGNLIB);
  let modified: Date | undefined;
  if (dataLen >= 12) {
    const [y, mo, d, h, mi, s] = [0, 1, 2, 3, 4, 5].map((i) => int16(i));
    const year = y < 1900 ? y + 1900 : y;
    const t = Date.UTC(year, mo - 1, d, h, mi, s);
    if (!Number.isNaN(t)) modified = new Date(t);
  }
  expect(RT.LIBNAME);
  const libName = str() || 'LIB';
  let userUnit = 0.001;
  let metreUnit = 1e-9;
  for (;;) {
    if (!next()) {
      recOffset = n;
      fail('unexpected end of file: UNITS expected');
    }
    if (recType === RT.UNITS) {
      userUnit = real8(0);
      metreUnit = real8(1);
      break;
    }
    if (recType === RT.REFLIBS || recType === RT.FONTS || recType === RT.ATTRTABLE || recType === RT.GENERATIONS ||
        recType === RT.FORMAT || recType === RT.MASK || recType === RT.ENDMASKS || recType === RT.LIBDIRSIZE ||
        recType === RT.SRFNAME || recType === RT.LIBSECUR) continue;
    fail('UNITS expected');
  }
  if (!(userUnit > 0) || !(metreUnit > 0)) fail(`UNITS ${userUnit}, ${metreUnit} must both be > 0`);
  const library = new Library(/^[ -~]+$/.test(libName) ? libName : 'LIB', { userUnit, metreUnit });
  const cellsByName = new Map<string, Cell>();
  const cellOffsets = new Map<Cell, number>();
  const pending: PendingRef[] = [];
  let sawEndLib = false;

  // Element state.
  const readElementBody = (kind: number, cell: Cell) => {
    const elementOffset = recOffset;
    let layer = -1;
    let datatype = 0;
    let xy: Int32Array | null = null;
    let width = 0;
    let pathtype: number = 0;
    let bgnextn = 0;
    let endextn = 0;
    let sname = '';
    let strans = 0;
    let mag = 1;
    let angle = 0;
    let cols = 0;
    let rows = 0;
    let presentation = 2 << 2;
    let text: string | null = null;
    let props: Property[] | undefined;
    let pendingAttr = -1;
    for (;;) {
      if (!next()) {
        recOffset = n;
        recType = RT.ENDEL;
        fail(`unexpected end of file inside the ${RECORD_NAME[kind]} element that starts at byte ${elementOffset}: ENDEL expected`);
      }
      switch (recType) {
        case RT.ENDEL:
          break;
        case RT.LAYER: layer = uint16(); continue;
        case RT.DATATYPE: case RT.TEXTTYPE: case RT.BOXTYPE: case RT.NODETYPE: datatype = uint16(); continue;
        case RT.XY: xy = xyInts(); continue;
        case RT.WIDTH: width = int32(); continue;
        case RT.PATHTYPE: pathtype = int16(); continue;
        case RT.BGNEXTN: bgnextn = int32(); continue;
        case RT.ENDEXTN: endextn = int32(); continue;
        case RT.SNAME: sname = str(); continue;
        case RT.STRANS: strans = uint16(); continue;
        case RT.MAG: mag = real8(); continue;
        case RT.ANGLE: angle = real8(); continue;
        case RT.COLROW: cols = int16(0); rows = int16(1); continue;
        case RT.PRESENTATION: presentation = uint16(); continue;
        case RT.STRING: text = str(); continue;
        case RT.ELFLAGS: case RT.PLEX: case RT.SPACING: case RT.UINTEGER: case RT.USTRING: case RT.ELKEY: continue;
        case RT.PROPATTR: pendingAttr = uint16(); continue;
        case RT.PROPVALUE:
          if (pendingAttr < 0) fail('PROPVALUE without PROPATTR');
          (props ??= []).push({ attr: pendingAttr, value: str() });
          pendingAttr = -1;
          continue;
        default:
          if (RECORD_NAME[recType] === undefined) {
            warn(recOffset, 'W_UNKNOWN_RECORD', `unknown record type 0x${recType.toString(16)} skipped`);
            continue;
          }
          fail(`record not allowed inside a ${RECORD_NAME[kind]} element`);
      }
      break;
    }
    const at = (what: string) => `${RECORD_NAME[kind]} element at byte ${elementOffset}: ${what}`;
    const placement = (): Transform => {
      if (!xy || xy.length < 2) throw new GdsFormatError(at('XY with a point is required'), elementOffset, RECORD_NAME[kind], source);
      if (!(mag > 0) || !Number.isFinite(mag)) throw new GdsFormatError(at(`MAG ${mag} must be > 0`), elementOffset, 'MAG', source);
      if (!Number.isFinite(angle)) throw new GdsFormatError(at(`ANGLE ${angle} is not finite`), elementOffset, 'ANGLE', source);
      return new Transform({ x: xy[0], y: xy[1], rotation: angle, magnification: mag, mirrorX: (strans & STRANS_REFLECT) !== 0 });
    };
    switch (kind) {
      case RT.BOUNDARY:
      case RT.BOX: {
        if (layer < 0) throw new GdsFormatError(at('LAYER is missing'), elementOffset, RECORD_NAME[kind], source);
        if (!xy) throw new GdsFormatError(at('XY is missing'), elementOffset, RECORD_NAME[kind], source);
        let points = xy;
        // The ring is closed in the file; drop the repeated first vertex.
        if (points.length >= 4 && points[0] === points[points.length - 2] && points[1] === points[points.length - 1]) points = points.subarray(0, points.length - 2);
        if (points.length < 6) {
          warn(elementOffset, 'W_DEGENERATE', `${RECORD_NAME[kind]} on ${layer}/${datatype} with ${points.length >> 1} vertices skipped`);
          return;
        }
        const poly: Polygon = props ? { layer, datatype, points, properties: props } : { layer, datatype, points };
        cell.polygons.push(poly);
        return;
      }
      case RT.PATH: {
        if (layer < 0) throw new GdsFormatError(at('LAYER is missing'), elementOffset, 'PATH', source);
        if (!xy || xy.length < 4) throw new GdsFormatError(at('XY needs at least 2 points'), elementOffset, 'PATH', source);
        if (![0, 1, 2, 4].includes(pathtype)) {
          warn(elementOffset, 'W_PATHTYPE', `PATH pathtype ${pathtype} read as 0 (flush)`);
          pathtype = 0;
        }
        // A negative width means 'absolute' (not scaled by references); the shape is the same.
        const path: Path = { layer, datatype, points: xy, width: Math.abs(width), pathtype: pathtype as PathType, beginExtension: pathtype === 4 ? bgnextn : 0, endExtension: pathtype === 4 ? endextn : 0 };
        cell.paths.push(props ? { ...path, properties: props } : path);
        return;
      }
      case RT.TEXT: {
        if (layer < 0) throw new GdsFormatError(at('LAYER is missing'), elementOffset, 'TEXT', source);
        if (text === null) throw new GdsFormatError(at('STRING is missing'), elementOffset, 'TEXT', source);
        const t = placement();
        const hj = presentation & 3;
        const vj = (presentation >> 2) & 3;
        const label: Label = {
          layer, texttype: datatype, text, transform: t,
          hjust: (hj > 2 ? 0 : hj) as HJust, vjust: (vj > 2 ? 2 : vj) as VJust, font: (presentation >> 4) & 3,
          ...(props ? { properties: props } : {}),
        };
        cell.labels.push(label);
        return;
      }
      case RT.SREF: {
        if (!sname) throw new GdsFormatError(at('SNAME is missing'), elementOffset, 'SREF', source);
        pending.push({ cell, name: sname, offset: elementOffset, transform: placement(), properties: props });
        return;
      }
      case RT.AREF: {
        if (!sname) throw new GdsFormatError(at('SNAME is missing'), elementOffset, 'AREF', source);
        if (!xy || xy.length < 6) throw new GdsFormatError(at('XY needs 3 points'), elementOffset, 'AREF', source);
        if (cols < 1 || rows < 1) throw new GdsFormatError(at(`COLROW ${cols} x ${rows} must be at least 1 x 1`), elementOffset, 'COLROW', source);
        const t = placement();
        pending.push({
          cell, name: sname, offset: elementOffset, transform: t, properties: props,
          array: { cols, rows, colStep: [(xy[2] - xy[0]) / cols, (xy[3] - xy[1]) / cols], rowStep: [(xy[4] - xy[0]) / rows, (xy[5] - xy[1]) / rows] },
        });
        return;
      }
      default:
        warn(elementOffset, 'W_SKIPPED_ELEMENT', `${RECORD_NAME[kind]} element skipped (not supported)`);
    }
  };

  // Structures. (`type()` reads the mutable record type without TypeScript's stale narrowing.)
  const type = (): number => recType;
  while (next()) {
    if (type() === RT.ENDLIB) {
      sawEndLib = true;
      break;
    }
    if (type() !== RT.BGNSTR) {
      if (RECORD_NAME[recType] === undefined) {
        warn(recOffset, 'W_UNKNOWN_RECORD', `unknown record type 0x${recType.toString(16)} skipped`);
        continue;
      }
      fail('BGNSTR or ENDLIB expected');
    }
    const cellOffset = recOffset;
    expect(RT.STRNAME);
    const name = str();
    try {
      checkCellName(name);
    } catch {
      fail(`cell name '${name}' is empty or not printable ASCII`);
    }
    if (cellsByName.has(name)) fail(`duplicate cell name '${name}' (first defined at byte ${cellOffsets.get(cellsByName.get(name)!)})`);
    const cell = new Cell(name);
    cellsByName.set(name, cell);
    cellOffsets.set(cell, cellOffset);
    for (;;) {
      if (!next()) {
        recOffset = n;
        recType = RT.ENDSTR;
        fail(`unexpected end of file inside cell '${name}' (starts at byte ${cellOffset}): ENDSTR expected`);
      }
      if (recType === RT.ENDSTR) break;
      if (recType === RT.BOUNDARY || recType === RT.PATH || recType === RT.SREF || recType === RT.AREF || recType === RT.TEXT || recType === RT.BOX || recType === RT.NODE || recType === RT.TEXTNODE) {
        readElementBody(recType, cell);
        continue;
      }
      if (recType === RT.STRCLASS || recType === RT.STRTYPE) continue;
      if (RECORD_NAME[recType] === undefined) {
        warn(recOffset, 'W_UNKNOWN_RECORD', `unknown record type 0x${recType.toString(16)} skipped`);
        continue;
      }
      fail(`element or ENDSTR expected in cell '${name}'`);
    }
  }
  if (!sawEndLib) {
    recOffset = n;
    recType = RT.ENDLIB;
    fail('unexpected end of file: ENDLIB expected (the file is truncated)');
  }
  if (pos < n) {
    // Tape-era files pad to a block size with zeros; anything else after ENDLIB is reported.
    let nonZero = false;
    for (let i = pos; i < n; i++) if (bytes[i] !== 0) { nonZero = true; break; }
    if (nonZero) warn(pos, 'W_TRAILING_DATA', `${n - pos} bytes after ENDLIB ignored`);
  }

  // Resolve references by name.
  for (const r of pending) {
    const target = cellsByName.get(r.name);
    if (!target) {
      throw new GdsFormatError(`cell '${r.cell.name}' references cell '${r.name}', which is not defined in the file`, r.offset, r.array ? 'AREF' : 'SREF', source);
    }
    if (r.array) r.cell.arrays.push({ cell: target, transform: r.transform, ...r.array, ...(r.properties ? { properties: r.properties } : {}) });
    else r.cell.refs.push({ cell: target, transform: r.transform, ...(r.properties ? { properties: r.properties } : {}) });
  }
  // Recursion check: a cycle would make every hierarchy walk loop forever.
  const state = new Map<Cell, 1 | 2>();
  const visit = (c: Cell, trail: string[]) => {
    state.set(c, 1);
    for (const k of c.children()) {
      const s = state.get(k);
      if (s === 1) {
        throw new GdsFormatError(`recursive hierarchy: ${[...trail, c.name, k.name].join(' -> ')}`, cellOffsets.get(c)!, 'BGNSTR', source);
      }
      if (s === undefined) visit(k, [...trail, c.name]);
    }
    state.set(c, 2);
  };
  for (const c of cellsByName.values()) if (!state.has(c)) visit(c, []);
  // Keep file order, so reading and writing back gives the same cell order.
  for (const c of cellsByName.values()) library.insert(c);
  return { library, warnings, modified };
}
