/**
 * GDSII reader: everything the writer writes, plus what KLayout and gdspy write (BOX, NODE skipped,
 * ELFLAGS/PLEX tolerated, REFLIBS/FONTS/ATTRTABLE/GENERATIONS/FORMAT ignored). Unknown records are
 * skipped with a warning. A truncated or corrupt stream raises one GdsFormatError naming the byte
 * offset and the record; the reader never loops: every step advances by a record length >= 4.
 * Gzip input (.gds.gz, detected by its magic bytes) is inflated first.
 */
import * as fs from 'node:fs';
import * as pako from 'pako';
import { Cell, PackedPolygon, checkCellName, type HJust, type Label, type Path, type PathType, type Polygon, type Property, type VJust } from '../../core/cell.ts';
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

/** Largest record (the length field is 16 bits). */
const MAX_RECORD = 65536;

/** Vertices are stored in shared chunks (subarray views): one allocation per ~4 MB, not per polygon. */
const CHUNK_INTS = 1 << 20;

// Record codes as module-local constants: the hot loop reads them millions of times, and an imported
// object's properties cost a lookup each time.
const {
  HEADER, BGNLIB, LIBNAME, UNITS, ENDLIB, BGNSTR, STRNAME, ENDSTR, BOUNDARY, PATH, SREF, AREF, TEXT, LAYER,
  DATATYPE, WIDTH, XY, ENDEL, SNAME, COLROW, TEXTNODE, NODE, TEXTTYPE, PRESENTATION, SPACING, STRING, STRANS,
  MAG, ANGLE, UINTEGER, USTRING, REFLIBS, FONTS, PATHTYPE, GENERATIONS, ATTRTABLE, STRTYPE, ELFLAGS, ELKEY,
  NODETYPE, PROPATTR, PROPVALUE, BOX, BOXTYPE, PLEX, BGNEXTN, ENDEXTN, STRCLASS, FORMAT, MASK, ENDMASKS,
  LIBDIRSIZE, SRFNAME, LIBSECUR,
} = RT;
/** Required data type per record code, -1 where not checked. */
const EXPECTED_DT = new Int8Array(256).fill(-1);
for (const [code, dt] of Object.entries(RECORD_DATATYPE)) EXPECTED_DT[Number(code)] = dt;
const KNOWN = new Uint8Array(256);
for (const code of Object.keys(RECORD_NAME)) KNOWN[Number(code)] = 1;

const decoder = new TextDecoder('utf-8');

/** Reads a .gds or .gds.gz file. */
export function readGdsFile(file: string): GdsReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new InputError('E_READ', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const head = new Uint8Array(WINDOW_BYTES);
    const got = readFully(fd, head, 0, head.length);
    if (isGzip(head.subarray(0, got))) {
      // Compressed files are inflated in memory (they are small; the layout itself is the big part).
      return readGds(fs.readFileSync(file), { source: file });
    }
    // Plain files stream through a fixed window: memory stays bounded however large the file.
    return parseGds(head, got, got < head.length ? null : (buf, off, len) => readFully(fd, buf, off, len), file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Window of a streamed file; larger than the largest record (64 KiB) many times over. */
const WINDOW_BYTES = 4 << 20;

function readFully(fd: number, buf: Uint8Array, off: number, len: number): number {
  let total = 0;
  while (total < len) {
    const got = fs.readSync(fd, buf, off + total, len - total, null);
    if (got === 0) break;
    total += got;
  }
  return total;
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
  return parseGds(bytes, bytes.length, null, source);
}

/** Refills `buf[off..off+len)` from the stream; returns the bytes read (0 at the end). */
type Refill = (buf: Uint8Array, off: number, len: number) => number;

/**
 * The parser. `window` holds the first `filled` bytes of the stream; with `refill`, the rest is
 * pulled in as the parser advances (the window slides; offsets in messages are absolute).
 */
function parseGds(window: Uint8Array, filled: number, refill: Refill | null, source: string | undefined): GdsReadResult {
  const bytes = window;
  let n = filled;
  /** Absolute stream offset of bytes[0]. */
  let base = 0;
  let eof = refill === null;
  /** Makes at least `k` bytes available from `pos` (fewer only at the end of the stream). */
  const ensure = (k: number) => {
    if (n - pos >= k || eof) return;
    bytes.copyWithin(0, pos, n);
    n -= pos;
    base += pos;
    pos = 0;
    while (n < bytes.length) {
      const got = refill!(bytes, n, bytes.length - n);
      if (got === 0) {
        eof = true;
        break;
      }
      n += got;
      if (n - pos >= k) break;
    }
  };
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
    if (n - pos < MAX_RECORD) ensure(MAX_RECORD);
    if (pos >= n) return false;
    recOffset = base + pos;
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
    const expected = EXPECTED_DT[recType];
    if (expected >= 0 && expected !== recDtype) fail(`data type ${recDtype} where ${expected} is required`);
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
      recOffset = base + n;
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
  expect(HEADER);
  expect(BGNLIB);
  let modified: Date | undefined;
  if (dataLen >= 12) {
    const [y, mo, d, h, mi, s] = [0, 1, 2, 3, 4, 5].map((i) => int16(i));
    const year = y < 1900 ? y + 1900 : y;
    const t = Date.UTC(year, mo - 1, d, h, mi, s);
    if (!Number.isNaN(t)) modified = new Date(t);
  }
  expect(LIBNAME);
  const libName = str() || 'LIB';
  let userUnit = 0.001;
  let metreUnit = 1e-9;
  for (;;) {
    if (!next()) {
      recOffset = base + n;
      fail('unexpected end of file: UNITS expected');
    }
    if (recType === UNITS) {
      userUnit = real8(0);
      metreUnit = real8(1);
      break;
    }
    if (recType === REFLIBS || recType === FONTS || recType === ATTRTABLE || recType === GENERATIONS ||
        recType === FORMAT || recType === MASK || recType === ENDMASKS || recType === LIBDIRSIZE ||
        recType === SRFNAME || recType === LIBSECUR) continue;
    fail('UNITS expected');
  }
  if (!(userUnit > 0) || !(metreUnit > 0)) fail(`UNITS ${userUnit}, ${metreUnit} must both be > 0`);
  const library = new Library(/^[ -~]+$/.test(libName) ? libName : 'LIB', { userUnit, metreUnit });
  const cellsByName = new Map<string, Cell>();
  const cellOffsets = new Map<Cell, number>();
  const pending: PendingRef[] = [];
  let sawEndLib = false;

  const elementMessage = (what: string, kind = elementKind, offset = elementStart) => `${RECORD_NAME[kind]} element at byte ${offset}: ${what}`;
  let elementKind = 0;
  let elementStart = 0;
  const elementPlacement = (kind: number, offset: number, xy: Int32Array | null, mag: number, angle: number, strans: number): Transform => {
    if (!xy || xy.length < 2) throw new GdsFormatError(elementMessage('XY with a point is required'), offset, RECORD_NAME[kind], source);
    if (!(mag > 0) || !Number.isFinite(mag)) throw new GdsFormatError(elementMessage(`MAG ${mag} must be > 0`), offset, 'MAG', source);
    if (!Number.isFinite(angle)) throw new GdsFormatError(elementMessage(`ANGLE ${angle} is not finite`), offset, 'ANGLE', source);
    return new Transform({ x: xy[0], y: xy[1], rotation: angle, magnification: mag, mirrorX: (strans & STRANS_REFLECT) !== 0 });
  };

  /**
   * Fast path for the common BOUNDARY layout LAYER, DATATYPE, XY, ENDEL with well-formed headers:
   * parsed with local variables only. Returns false (consuming nothing) when the element looks any
   * different, and the general path then reads it with full checks and messages.
   */
  const fastBoundary = (cell: Cell): boolean => {
    // LAYER + DATATYPE + the largest XY + ENDEL must be in the window.
    if (n - pos < MAX_RECORD + 16) ensure(MAX_RECORD + 16);
    const b = bytes;
    let p = pos;
    if (p + 16 > n) return false;
    // LAYER: 00 06 0D 02, DATATYPE: 00 06 0E 02.
    if (b[p] !== 0 || b[p + 1] !== 6 || b[p + 2] !== LAYER || b[p + 3] !== 2) return false;
    if (b[p + 6] !== 0 || b[p + 7] !== 6 || b[p + 8] !== DATATYPE || b[p + 9] !== 2) return false;
    const layer = (b[p + 4] << 8) | b[p + 5];
    const datatype = (b[p + 10] << 8) | b[p + 11];
    p += 12;
    const len = (b[p] << 8) | b[p + 1];
    if (b[p + 2] !== XY || b[p + 3] !== 3 || len < 4 + 8 * 4 || (len - 4) % 8 !== 0 || p + len + 4 > n) return false;
    const e = p + len;
    if (b[e] !== 0 || b[e + 1] !== 4 || b[e + 2] !== ENDEL) return false;
    let count = (len - 4) >> 2;
    let q = p + 4;
    // Drop the repeated closing vertex.
    const lastX = q + 4 * (count - 2);
    if (b[q] === b[lastX] && b[q + 1] === b[lastX + 1] && b[q + 2] === b[lastX + 2] && b[q + 3] === b[lastX + 3] &&
        b[q + 4] === b[lastX + 4] && b[q + 5] === b[lastX + 5] && b[q + 6] === b[lastX + 6] && b[q + 7] === b[lastX + 7]) count -= 2;
    if (count > chunk.length - chunkUsed) {
      chunk = new Int32Array(Math.max(CHUNK_INTS, count));
      chunkUsed = 0;
    }
    const c = chunk;
    const start = chunkUsed;
    chunkUsed += count;
    for (let i = start; i < chunkUsed; i++, q += 4) c[i] = (b[q] << 24) | (b[q + 1] << 16) | (b[q + 2] << 8) | b[q + 3];
    cell.polygons.push(new PackedPolygon(layer, datatype, c, start, count));
    pos = e + 4;
    return true;
  };

  // Element state.
  const readElementBody = (kind: number, cell: Cell) => {
    elementKind = kind;
    elementStart = recOffset;
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
        recOffset = base + n;
        recType = ENDEL;
        fail(`unexpected end of file inside the ${RECORD_NAME[kind]} element that starts at byte ${elementOffset}: ENDEL expected`);
      }
      switch (recType) {
        case ENDEL:
          break;
        case LAYER: layer = uint16(); continue;
        case DATATYPE: case TEXTTYPE: case BOXTYPE: case NODETYPE: datatype = uint16(); continue;
        case XY: xy = xyInts(); continue;
        case WIDTH: width = int32(); continue;
        case PATHTYPE: pathtype = int16(); continue;
        case BGNEXTN: bgnextn = int32(); continue;
        case ENDEXTN: endextn = int32(); continue;
        case SNAME: sname = str(); continue;
        case STRANS: strans = uint16(); continue;
        case MAG: mag = real8(); continue;
        case ANGLE: angle = real8(); continue;
        case COLROW: cols = int16(0); rows = int16(1); continue;
        case PRESENTATION: presentation = uint16(); continue;
        case STRING: text = str(); continue;
        case ELFLAGS: case PLEX: case SPACING: case UINTEGER: case USTRING: case ELKEY: continue;
        case PROPATTR: pendingAttr = uint16(); continue;
        case PROPVALUE:
          if (pendingAttr < 0) fail('PROPVALUE without PROPATTR');
          (props ??= []).push({ attr: pendingAttr, value: str() });
          pendingAttr = -1;
          continue;
        default:
          if (!KNOWN[recType]) {
            warn(recOffset, 'W_UNKNOWN_RECORD', `unknown record type 0x${recType.toString(16)} skipped`);
            continue;
          }
          fail(`record not allowed inside a ${RECORD_NAME[kind]} element`);
      }
      break;
    }
    const at = elementMessage;
    switch (kind) {
      case BOUNDARY:
      case BOX: {
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
      case PATH: {
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
      case TEXT: {
        if (layer < 0) throw new GdsFormatError(at('LAYER is missing'), elementOffset, 'TEXT', source);
        if (text === null) throw new GdsFormatError(at('STRING is missing'), elementOffset, 'TEXT', source);
        const t = elementPlacement(kind, elementOffset, xy, mag, angle, strans);
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
      case SREF: {
        if (!sname) throw new GdsFormatError(at('SNAME is missing'), elementOffset, 'SREF', source);
        pending.push({ cell, name: sname, offset: elementOffset, transform: elementPlacement(kind, elementOffset, xy, mag, angle, strans), properties: props });
        return;
      }
      case AREF: {
        if (!sname) throw new GdsFormatError(at('SNAME is missing'), elementOffset, 'AREF', source);
        if (!xy || xy.length < 6) throw new GdsFormatError(at('XY needs 3 points'), elementOffset, 'AREF', source);
        if (cols < 1 || rows < 1) throw new GdsFormatError(at(`COLROW ${cols} x ${rows} must be at least 1 x 1`), elementOffset, 'COLROW', source);
        const t = elementPlacement(kind, elementOffset, xy, mag, angle, strans);
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
    if (type() === ENDLIB) {
      sawEndLib = true;
      break;
    }
    if (type() !== BGNSTR) {
      if (!KNOWN[recType]) {
        warn(recOffset, 'W_UNKNOWN_RECORD', `unknown record type 0x${recType.toString(16)} skipped`);
        continue;
      }
      fail('BGNSTR or ENDLIB expected');
    }
    const cellOffset = recOffset;
    expect(STRNAME);
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
        recOffset = base + n;
        recType = ENDSTR;
        fail(`unexpected end of file inside cell '${name}' (starts at byte ${cellOffset}): ENDSTR expected`);
      }
      if (recType === ENDSTR) break;
      if (recType === BOUNDARY && fastBoundary(cell)) continue;
      if (recType === BOUNDARY || recType === PATH || recType === SREF || recType === AREF || recType === TEXT || recType === BOX || recType === NODE || recType === TEXTNODE) {
        readElementBody(recType, cell);
        continue;
      }
      if (recType === STRCLASS || recType === STRTYPE) continue;
      if (!KNOWN[recType]) {
        warn(recOffset, 'W_UNKNOWN_RECORD', `unknown record type 0x${recType.toString(16)} skipped`);
        continue;
      }
      fail(`element or ENDSTR expected in cell '${name}'`);
    }
  }
  if (!sawEndLib) {
    recOffset = base + n;
    recType = ENDLIB;
    fail('unexpected end of file: ENDLIB expected (the file is truncated)');
  }
  // Tape-era files pad to a block size with zeros; anything else after ENDLIB is reported.
  const endAt = base + pos;
  let trailing = 0;
  let nonZero = false;
  for (;;) {
    for (let i = pos; i < n; i++) if (bytes[i] !== 0) nonZero = true;
    trailing += n - pos;
    pos = n;
    if (eof) break;
    ensure(1);
    if (pos >= n) break;
  }
  if (nonZero) warn(endAt, 'W_TRAILING_DATA', `${trailing} bytes after ENDLIB ignored`);

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
