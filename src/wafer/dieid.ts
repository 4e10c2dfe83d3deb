/**
 * Die IDs: every whole die gets 'R<row>C<col>' as polygons (readable on the mask and after dicing)
 * and as a GDSII TEXT (searchable in a viewer). Rows count from the bottom (the notch side), columns
 * from the left, both from 1 over the whole dies, zero-padded to a common width (R07C12).
 *
 * Cost on a 2,500-die wafer: the glyphs come from the polygon font of cells/font.ts, one cached cell
 * per character; a row label 'R07' and a column label 'C12' are cells of glyph references, one per
 * row and per column; each die then costs two SREFs and one TEXT (~150 bytes), not ~6 glyphs of
 * polygons.
 */
import { Cell } from '../core/cell.ts';
import { InputError } from '../core/errors.ts';
import type { LayerSpec } from '../core/layer.ts';
import type { Dbu } from '../core/units.ts';
import { fontUnit, textPolygons } from '../../cells/index.ts';
import type { WaferLattice } from './lanes.ts';

/** Advance per character of the font, in font units u (cells/font.ts: ink 5u, gap 1u). */
const ADVANCE_UNITS = 6;
/** Ink height in font units u. */
const INK_UNITS = 7;

export interface DieIdOptions {
  /**
   * 'corner' (default): inside the die's lower-left corner, inset past the seal ring.
   * 'street': in the strip of street below the die that the saw leaves on the die (between the die
   * edge and the cut), so the ID costs no die area.
   */
  readonly position?: 'corner' | 'street';
  /** Requested ink height, dbu (default: corner 100 um or a twentieth of the die height if smaller; street: the strip less 2 um each side). */
  readonly height?: Dbu;
}

export interface DieIdLayout {
  /** Font unit u (stroke width), dbu; ink height 7u, advance 6u. */
  readonly unit: Dbu;
  /** Anchor of the ID (lower-left of its ink box) in the die frame, dbu. */
  readonly anchor: readonly [Dbu, Dbu];
  /** Digits of the row and column numbers. */
  readonly rowDigits: number;
  readonly colDigits: number;
}

/** Makes the row and column label cells on demand and places IDs. */
export class DieIds {
  readonly layout: DieIdLayout;
  private readonly rows = new Map<number, Cell>();
  private readonly cols = new Map<number, Cell>();
  private readonly glyphs = new Map<string, Cell>();

  constructor(
    private readonly prefix: string,
    private readonly layer: LayerSpec,
    lattice: WaferLattice,
    seal: { width: Dbu; inset: Dbu },
    maxRow: number,
    maxCol: number,
    options: DieIdOptions = {},
  ) {
    const position = options.position ?? 'corner';
    if (position !== 'corner' && position !== 'street') throw new InputError('E_DIE_ID', `dieIds.position: '${String(position)}' is not 'corner' or 'street'`);
    const box = lattice.dieBox;
    const rowDigits = String(Math.max(1, maxRow)).length;
    const colDigits = String(Math.max(1, maxCol)).length;
    const chars = 2 + rowDigits + colDigits;
    let height: number;
    let anchor: [number, number];
    if (position === 'corner') {
      const inset = seal.inset + seal.width + 10_000;
      height = options.height ?? Math.min(100_000, Math.floor(lattice.die[1] / 20));
      anchor = [box.x0 + inset, box.y0 + inset];
    } else {
      // The strip between the cut and the die's bottom edge, in the die frame.
      const lo = lattice.local.bottom.sawHi;
      const strip = box.y0 - lo;
      height = options.height ?? strip - 4000;
      const ink = INK_UNITS * fontUnit(height);
      if (ink > strip) throw new InputError('E_DIE_ID', `dieIds.height: ${height / 1000} um IDs do not fit the ${strip / 1000} um of street the saw leaves below the die`);
      anchor = [box.x0 + 2000, lo + Math.floor((strip - ink) / 2)];
    }
    if (!Number.isInteger(height) || height < 14) throw new InputError('E_DIE_ID', `dieIds.height: ${String(height)} dbu is too small for the polygon font (>= 14 dbu)`);
    const unit = fontUnit(height);
    if ((chars * ADVANCE_UNITS - 1) * unit > lattice.die[0]) {
      throw new InputError('E_DIE_ID', `dieIds.height: ${height / 1000} um IDs (${chars} characters) are wider than the die (${lattice.die[0] / 1000} um)`);
    }
    this.layout = { unit, anchor, rowDigits, colDigits };
  }

  /** 'R07C12' for 1-based row and column numbers. */
  id(row: number, col: number): string {
    return `R${String(row).padStart(this.layout.rowDigits, '0')}C${String(col).padStart(this.layout.colDigits, '0')}`;
  }

  private glyph(ch: string): Cell {
    let g = this.glyphs.get(ch);
    if (!g) this.glyphs.set(ch, (g = textPolygons(ch, { height: INK_UNITS * this.layout.unit, layer: [this.layer.layer, this.layer.datatype] })));
    return g;
  }

  private label(map: Map<number, Cell>, kind: 'R' | 'C', n: number, digits: number): Cell {
    let c = map.get(n);
    if (c) return c;
    const text = `${kind}${String(n).padStart(digits, '0')}`;
    c = new Cell(`${this.prefix}_ID_${text}`);
    const adv = ADVANCE_UNITS * this.layout.unit;
    for (let i = 0; i < text.length; i++) c.addRef(this.glyph(text[i]), { x: i * adv });
    map.set(n, c);
    return c;
  }

  /** Places the ID of the die at die-frame origin (X, Y) (wafer frame) into `top`: two SREFs and a TEXT. */
  place(top: Cell, row: number, col: number, X: number, Y: number): string {
    const { anchor, unit, rowDigits, colDigits } = this.layout;
    const x = X + anchor[0];
    const y = Y + anchor[1];
    top.addRef(this.label(this.rows, 'R', row, rowDigits), { x, y });
    top.addRef(this.label(this.cols, 'C', col, colDigits), { x: x + (1 + rowDigits) * ADVANCE_UNITS * unit, y });
    const id = this.id(row, col);
    // GDS MAG sizes the text in user units (um): the ink height.
    top.addLabel(this.layer, id, x, y, { texttype: this.layer.datatype, magnification: (INK_UNITS * unit) / 1000 });
    return id;
  }
}
