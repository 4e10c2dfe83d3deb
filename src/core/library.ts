/**
 * A Library is a named set of cells with GDSII units: what one GDSII file holds. Cells are kept in
 * insertion order, which is the order the writer emits them, so output is deterministic.
 */
import { Cell, checkCellName } from './cell.ts';
import { InputError } from './errors.ts';
import { DBU_METRE, DBU_UM } from './units.ts';

export interface LibraryOptions {
  /** Database unit in user units (the GDSII UNITS record's first number): 0.001 = 1 nm dbu, user unit 1 um. */
  userUnit?: number;
  /** Database unit in metres (the UNITS record's second number). */
  metreUnit?: number;
}

export class Library {
  readonly name: string;
  readonly userUnit: number;
  readonly metreUnit: number;
  private readonly byName = new Map<string, Cell>();

  constructor(name: string, options: LibraryOptions = {}) {
    if (typeof name !== 'string' || name.length === 0) throw new InputError('E_LIBRARY_NAME', 'library name must be a non-empty string');
    if (!/^[ -~]+$/.test(name)) throw new InputError('E_LIBRARY_NAME', `library name '${name}' must be printable ASCII`);
    this.name = name;
    this.userUnit = options.userUnit ?? DBU_UM;
    this.metreUnit = options.metreUnit ?? DBU_METRE;
    for (const [v, what] of [[this.userUnit, 'userUnit'], [this.metreUnit, 'metreUnit']] as const) {
      if (!(v > 0) || !Number.isFinite(v)) throw new InputError('E_UNITS', `library ${what}: ${v} must be a finite number > 0`);
    }
  }

  /** The dbu in micrometres, as reported by `wlpgen info` (1e-3 for wlpgen's own 1 nm grid). */
  get dbuUm(): number {
    return this.metreUnit * 1e6;
  }

  /**
   * Adds cells and every cell they place. Adding the same cell object twice is a no-op; a different
   * cell under a name already taken throws.
   */
  add(...cells: Cell[]): this {
    for (const top of cells) {
      if (!(top instanceof Cell)) throw new InputError('E_CELL', `library '${this.name}': add() needs Cell objects, got ${String(top)}`);
      for (const c of top.descendants()) {
        checkCellName(c.name);
        const existing = this.byName.get(c.name);
        if (existing === c) continue;
        if (existing) throw new InputError('E_DUPLICATE_CELL', `library '${this.name}': two different cells are named '${c.name}' (cell names must be unique)`);
        this.byName.set(c.name, c);
      }
    }
    return this;
  }

  /**
   * Adds exactly this cell (not the cells it places), keeping the caller's order; readers use it to
   * keep file order. Call validate() once every cell is in.
   */
  insert(cell: Cell): this {
    checkCellName(cell.name);
    const existing = this.byName.get(cell.name);
    if (existing && existing !== cell) throw new InputError('E_DUPLICATE_CELL', `library '${this.name}': two different cells are named '${cell.name}' (cell names must be unique)`);
    this.byName.set(cell.name, cell);
    return this;
  }

  /** The cell of that name, or undefined. */
  cell(name: string): Cell | undefined {
    return this.byName.get(name);
  }

  /** All cells in insertion order. */
  get cells(): Cell[] {
    return [...this.byName.values()];
  }

  get cellCount(): number {
    return this.byName.size;
  }

  /** Cells no other cell of the library places, in insertion order. */
  topCells(): Cell[] {
    const placed = new Set<Cell>();
    for (const c of this.byName.values()) for (const k of c.children()) placed.add(k);
    return this.cells.filter((c) => !placed.has(c));
  }

  /**
   * Checks that every placed cell belongs to this library under its own name (a cell created after
   * add() and placed later would otherwise be missing from the file). Throws naming the reference.
   */
  validate(): void {
    for (const c of this.byName.values()) {
      for (const k of c.children()) {
        if (this.byName.get(k.name) !== k) {
          throw new InputError('E_MISSING_CELL', `library '${this.name}': cell '${c.name}' places cell '${k.name}', which is not in the library (add it with library.add())`);
        }
      }
    }
  }
}
