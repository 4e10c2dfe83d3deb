/**
 * Cells and their elements. A Cell holds polygons, paths, labels (GDSII TEXT), single references
 * (SREF) and regular arrays (AREF), all in integer dbu. Elements are plain values; vertices live in
 * flat Int32Arrays [x0, y0, x1, y1, ...] (a ring is implicitly closed).
 *
 * Mutation rule: a Cell is mutable until `freeze()`; cached parametric cells are frozen, and changing
 * one throws an error that says how to get an editable copy.
 */
import { InputError } from './errors.ts';
import { checkLayerNumber, toLayer, type LayerLike } from './layer.ts';
import { toRing } from './polygon.ts';
import { keyhole } from './keyhole.ts';
import { checkInt32 } from './units.ts';
import { intsFrom } from './slab.ts';
import { Transform, type TransformLike } from './transform.ts';

/** A GDSII property (PROPATTR/PROPVALUE): attribute number 0..65535 and a string value. */
export interface Property {
  attr: number;
  value: string;
}

export interface Polygon {
  readonly layer: number;
  readonly datatype: number;
  /** Vertices, dbu, implicitly closed, at least 3. */
  readonly points: Int32Array;
  readonly properties?: readonly Property[];
}

/**
 * A polygon whose vertices live in a shared slab (see slab.ts): one small object per polygon instead
 * of an object plus a typed-array view, which halves the garbage a bulk reader or generator makes.
 * `points` makes the view on demand; callers that keep it hold only a view, never a copy.
 */
export class PackedPolygon implements Polygon {
  constructor(
    readonly layer: number,
    readonly datatype: number,
    private readonly slab: Int32Array,
    private readonly start: number,
    /** Number of ints (2 per vertex). */
    private readonly length: number,
    readonly properties?: readonly Property[],
  ) {}
  get points(): Int32Array {
    return this.slab.subarray(this.start, this.start + this.length);
  }
}

/** GDSII path end styles: 0 flush, 1 round, 2 square (extended by half the width), 4 custom extensions. */
export type PathType = 0 | 1 | 2 | 4;

export interface Path {
  readonly layer: number;
  readonly datatype: number;
  /** Spine vertices, dbu, at least 2. */
  readonly points: Int32Array;
  /** Full width, dbu, >= 0. */
  readonly width: number;
  readonly pathtype: PathType;
  /** Extensions beyond the first / last vertex, dbu (pathtype 4 only; 0 otherwise). */
  readonly beginExtension: number;
  readonly endExtension: number;
  readonly properties?: readonly Property[];
}

/** Horizontal justification of a label: 0 left, 1 centre, 2 right (GDSII PRESENTATION bits). */
export type HJust = 0 | 1 | 2;
/** Vertical justification of a label: 0 top, 1 middle, 2 bottom (GDSII PRESENTATION bits). */
export type VJust = 0 | 1 | 2;

export interface Label {
  readonly layer: number;
  /** GDSII TEXTTYPE, 0..65535. */
  readonly texttype: number;
  readonly text: string;
  /** Position (the transform's translation), rotation, magnification and mirror of the text. */
  readonly transform: Transform;
  readonly hjust: HJust;
  readonly vjust: VJust;
  /** GDSII font number 0..3. */
  readonly font: number;
  readonly properties?: readonly Property[];
}

export interface Ref {
  readonly cell: Cell;
  readonly transform: Transform;
  readonly properties?: readonly Property[];
}

/**
 * A regular array of placements: element (c, r), 0 <= c < cols, 0 <= r < rows, is placed with
 * `transform` followed by a translation of c * colStep + r * rowStep (vectors in the parent's dbu,
 * as GDSII AREF defines them).
 */
export interface ArrayRef {
  readonly cell: Cell;
  readonly transform: Transform;
  readonly cols: number;
  readonly rows: number;
  readonly colStep: readonly [number, number];
  readonly rowStep: readonly [number, number];
  readonly properties?: readonly Property[];
}

export interface PathOptions {
  pathtype?: PathType;
  beginExtension?: number;
  endExtension?: number;
  properties?: readonly Property[];
}

export interface LabelOptions {
  texttype?: number;
  hjust?: HJust;
  vjust?: VJust;
  font?: number;
  rotation?: number;
  magnification?: number;
  mirrorX?: boolean;
  properties?: readonly Property[];
}

/** Cell names: printable ASCII (KLayout and gdspy accept spaces; wlpgen's own cells never use them). */
const CELL_NAME = /^[ -~]+$/;
export const MAX_NAME_LENGTH = 1024;
/** The GDSII AREF COLROW record holds int16 counts. */
export const MAX_ARRAY_COUNT = 32767;

export function checkCellName(name: string, what = 'cell name'): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InputError('E_CELL_NAME', `${what}: a cell name must be a non-empty string`);
  }
  if (name.length > MAX_NAME_LENGTH || !CELL_NAME.test(name)) {
    throw new InputError('E_CELL_NAME', `${what}: '${name}' is not a valid cell name (allowed: 1..${MAX_NAME_LENGTH} printable ASCII characters)`);
  }
}

function checkProperties(props: readonly Property[] | undefined, where: string): readonly Property[] | undefined {
  if (!props || props.length === 0) return undefined;
  for (const p of props) {
    if (!Number.isInteger(p.attr) || p.attr < 0 || p.attr > 65535) {
      throw new InputError('E_PROPERTY', `${where}: property attribute ${p.attr} is outside 0..65535`);
    }
    if (typeof p.value !== 'string') throw new InputError('E_PROPERTY', `${where}: property ${p.attr} value must be a string`);
  }
  return props.map((p) => ({ attr: p.attr, value: p.value }));
}

function checkedCoords(ring: number[], where: string): Int32Array {
  for (let i = 0; i < ring.length; i++) {
    const v = ring[i];
    // Fast test first; the message is built only for a bad value.
    if (!((v | 0) === v)) checkInt32(v, `${where} vertex ${i >> 1} ${i & 1 ? 'y' : 'x'}`);
  }
  return intsFrom(ring);
}

export class Cell {
  readonly name: string;
  readonly polygons: Polygon[] = [];
  readonly paths: Path[] = [];
  readonly labels: Label[] = [];
  readonly refs: Ref[] = [];
  readonly arrays: ArrayRef[] = [];
  /** Parameters a parametric cell was made from (for reports and the cache); empty for plain cells. */
  settings: Readonly<Record<string, unknown>> = {};
  private frozenFlag = false;

  constructor(name: string) {
    checkCellName(name);
    this.name = name;
  }

  get frozen(): boolean {
    return this.frozenFlag;
  }

  /** Makes the cell immutable (cached parametric cells are frozen). Returns this. */
  freeze(): this {
    this.frozenFlag = true;
    Object.freeze(this.settings);
    return this;
  }

  private assertMutable(): void {
    if (this.frozenFlag) {
      throw new InputError('E_FROZEN', `cell '${this.name}' is frozen (a cached parametric cell is shared by every user); make an editable copy with cell.copy('NEW_NAME')`);
    }
  }

  /**
   * Adds a polygon. `points` are dbu, flat [x0, y0, ...] or [[x, y], ...]; a repeated closing vertex
   * and consecutive duplicates are dropped. Throws on fewer than 3 vertices or non-int32 coordinates.
   */
  addPolygon(layer: LayerLike, points: ArrayLike<number> | ReadonlyArray<readonly [number, number]>, properties?: readonly Property[]): Polygon {
    this.assertMutable();
    const l = toLayer(layer);
    const where = `cell '${this.name}' polygon on ${l.layer}/${l.datatype}`;
    const ring = toRing(points);
    if (ring.length < 6) throw new InputError('E_DEGENERATE', `${where}: a polygon needs at least 3 distinct vertices, got ${ring.length / 2}`);
    const poly: Polygon = { layer: l.layer, datatype: l.datatype, points: checkedCoords(ring, where), properties: checkProperties(properties, where) };
    this.polygons.push(poly);
    return poly;
  }

  /** Adds a polygon with holes, stored as one keyholed ring (GDSII BOUNDARY has no holes). */
  addPolygonWithHoles(layer: LayerLike, outer: ArrayLike<number>, holes: ReadonlyArray<ArrayLike<number>>, properties?: readonly Property[]): Polygon {
    return this.addPolygon(layer, holes.length ? keyhole(outer, holes) : outer, properties);
  }

  /** Adds a rectangle from corner (x0, y0) to (x1, y1), dbu. */
  addBox(layer: LayerLike, x0: number, y0: number, x1: number, y1: number, properties?: readonly Property[]): Polygon {
    if (x0 === x1 || y0 === y1) {
      throw new InputError('E_DEGENERATE', `cell '${this.name}' box (${x0}, ${y0})-(${x1}, ${y1}): a box needs non-zero width and height`);
    }
    const [ax, bx] = x0 < x1 ? [x0, x1] : [x1, x0];
    const [ay, by] = y0 < y1 ? [y0, y1] : [y1, y0];
    return this.addPolygon(layer, [ax, ay, bx, ay, bx, by, ax, by], properties);
  }

  /** Adds a GDSII path (width and extensions in dbu). */
  addPath(layer: LayerLike, points: ArrayLike<number> | ReadonlyArray<readonly [number, number]>, width: number, options: PathOptions = {}): Path {
    this.assertMutable();
    const l = toLayer(layer);
    const where = `cell '${this.name}' path on ${l.layer}/${l.datatype}`;
    const pathtype = options.pathtype ?? 0;
    if (![0, 1, 2, 4].includes(pathtype)) throw new InputError('E_PATHTYPE', `${where}: pathtype ${pathtype} is not one of 0, 1, 2, 4`);
    checkInt32(width, `${where} width`);
    if (width < 0) throw new InputError('E_PATH_WIDTH', `${where}: width ${width} dbu must be >= 0`);
    const flat = toRing(points);
    // toRing drops a closing vertex; a path that returns to its start keeps it.
    const raw = Array.isArray((points as ArrayLike<unknown>)[0]) ? (points as ReadonlyArray<readonly [number, number]>).flat() : Array.from(points as ArrayLike<number>);
    if (raw.length >= 4 && raw[0] === raw[raw.length - 2] && raw[1] === raw[raw.length - 1] && flat.length >= 4) flat.push(raw[0], raw[1]);
    if (flat.length < 4) throw new InputError('E_DEGENERATE', `${where}: a path needs at least 2 distinct vertices`);
    const beginExtension = pathtype === 4 ? (options.beginExtension ?? 0) : 0;
    const endExtension = pathtype === 4 ? (options.endExtension ?? 0) : 0;
    checkInt32(beginExtension, `${where} beginExtension`);
    checkInt32(endExtension, `${where} endExtension`);
    const path: Path = { layer: l.layer, datatype: l.datatype, points: checkedCoords(flat, where), width, pathtype, beginExtension, endExtension, properties: checkProperties(options.properties, where) };
    this.paths.push(path);
    return path;
  }

  /** Adds a text label at (x, y) dbu. */
  addLabel(layer: LayerLike, text: string, x: number, y: number, options: LabelOptions = {}): Label {
    this.assertMutable();
    const l = typeof layer === 'object' && !Array.isArray(layer) ? (layer as { layer: number; datatype: number }) : toLayer(layer);
    checkLayerNumber(l.layer, 'label layer');
    const texttype = options.texttype ?? l.datatype;
    checkLayerNumber(texttype, 'label texttype');
    const where = `cell '${this.name}' label '${text}'`;
    if (typeof text !== 'string' || text.length === 0) throw new InputError('E_LABEL', `${where}: label text must be a non-empty string`);
    if (text.length > 65530) throw new InputError('E_LABEL', `${where}: label text is longer than a GDSII record allows (65530 bytes)`);
    checkInt32(x, `${where} x`);
    checkInt32(y, `${where} y`);
    const font = options.font ?? 0;
    if (![0, 1, 2, 3].includes(font)) throw new InputError('E_LABEL', `${where}: font ${font} is not one of 0..3`);
    const label: Label = {
      layer: l.layer,
      texttype,
      text,
      transform: new Transform({ x, y, rotation: options.rotation, magnification: options.magnification, mirrorX: options.mirrorX }),
      hjust: options.hjust ?? 0,
      vjust: options.vjust ?? 2,
      font,
      properties: checkProperties(options.properties, where),
    };
    this.labels.push(label);
    return label;
  }

  /** Places `cell` once (SREF). Throws when the placement would make the hierarchy recursive. */
  addRef(cell: Cell, transform: Transform | TransformLike = Transform.IDENTITY, properties?: readonly Property[]): Ref {
    this.assertMutable();
    this.checkChild(cell);
    const t = transform instanceof Transform ? transform : new Transform(transform);
    this.checkPlacement(t);
    const ref: Ref = { cell, transform: t, properties: checkProperties(properties, `cell '${this.name}' reference to '${cell.name}'`) };
    this.refs.push(ref);
    return ref;
  }

  /** Places `cell` as a cols x rows regular array (AREF); steps in dbu in this cell's frame. */
  addArray(
    cell: Cell,
    cols: number,
    rows: number,
    colStep: readonly [number, number],
    rowStep: readonly [number, number],
    transform: Transform | TransformLike = Transform.IDENTITY,
    properties?: readonly Property[],
  ): ArrayRef {
    this.assertMutable();
    this.checkChild(cell);
    const where = `cell '${this.name}' array of '${cell.name}'`;
    for (const [v, what] of [[cols, 'cols'], [rows, 'rows']] as const) {
      if (!Number.isInteger(v) || v < 1 || v > MAX_ARRAY_COUNT) throw new InputError('E_ARRAY', `${where}: ${what} = ${v} (allowed: integers 1..${MAX_ARRAY_COUNT})`);
    }
    const t = transform instanceof Transform ? transform : new Transform(transform);
    this.checkPlacement(t);
    // The GDSII AREF stores the lattice corners origin + cols * colStep and origin + rows * rowStep as int32.
    checkInt32(colStep[0] * cols + t.x, `${where} column corner x`);
    checkInt32(colStep[1] * cols + t.y, `${where} column corner y`);
    checkInt32(rowStep[0] * rows + t.x, `${where} row corner x`);
    checkInt32(rowStep[1] * rows + t.y, `${where} row corner y`);
    const arr: ArrayRef = { cell, transform: t, cols, rows, colStep: [colStep[0], colStep[1]], rowStep: [rowStep[0], rowStep[1]], properties: checkProperties(properties, where) };
    this.arrays.push(arr);
    return arr;
  }

  private checkPlacement(t: Transform): void {
    checkInt32(Math.round(t.x), `cell '${this.name}' placement x`);
    checkInt32(Math.round(t.y), `cell '${this.name}' placement y`);
    if (!Number.isInteger(t.x) || !Number.isInteger(t.y)) {
      throw new InputError('E_NOT_INTEGER', `cell '${this.name}' placement (${t.x}, ${t.y}): a placement origin must be whole dbu`);
    }
  }

  private checkChild(child: Cell): void {
    if (!(child instanceof Cell)) throw new InputError('E_REF', `cell '${this.name}': a reference needs a Cell, got ${String(child)}`);
    if (child === this || child.dependsOn(this)) {
      throw new InputError('E_RECURSIVE', `cell '${this.name}': placing '${child.name}' would make the hierarchy recursive ('${child.name}' already contains '${this.name}')`);
    }
  }

  /** Cells placed directly in this one, each once, in first-placement order. */
  children(): Cell[] {
    const seen = new Set<Cell>();
    for (const r of this.refs) seen.add(r.cell);
    for (const a of this.arrays) seen.add(a.cell);
    return [...seen];
  }

  /** Whether `target` is placed anywhere below this cell. */
  dependsOn(target: Cell): boolean {
    const stack: Cell[] = this.children();
    const seen = new Set<Cell>(stack);
    while (stack.length) {
      const c = stack.pop()!;
      if (c === target) return true;
      for (const k of c.children()) {
        if (!seen.has(k)) {
          seen.add(k);
          stack.push(k);
        }
      }
    }
    return false;
  }

  /** This cell and every cell below it, children before parents (a valid GDSII write order). */
  descendants(): Cell[] {
    const order: Cell[] = [];
    const seen = new Set<Cell>();
    const visit = (c: Cell) => {
      if (seen.has(c)) return;
      seen.add(c);
      for (const k of c.children()) visit(k);
      order.push(c);
    };
    visit(this);
    return order;
  }

  /** An editable shallow copy under a new name (elements are shared immutable values). */
  copy(name: string): Cell {
    const c = new Cell(name);
    c.polygons.push(...this.polygons);
    c.paths.push(...this.paths);
    c.labels.push(...this.labels);
    c.refs.push(...this.refs);
    c.arrays.push(...this.arrays);
    c.settings = { ...this.settings };
    return c;
  }

  /** Whether the cell holds no element at all. */
  get isEmpty(): boolean {
    return !this.polygons.length && !this.paths.length && !this.labels.length && !this.refs.length && !this.arrays.length;
  }
}
