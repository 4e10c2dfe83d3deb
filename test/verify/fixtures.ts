/**
 * Synthetic WLCSP layouts for the verification tests and the verify benchmark: a bumped die built
 * to be clean under amkor-0.4 (and generic), its intended netlist, a kerf cell of plating bridges and
 * a wafer of such dies with a plating bus, a contact ring and saw lines. Independent of the cell
 * generators and the wafer module on purpose: the checker is tested on geometry we know exactly.
 *
 * Die (die frame, origin at the lower-left corner, um): size x size; bumps on a cols x cols array at
 * `pitch` centred on the die; column c is net `C<c>`: a vertical 15 um trace joins its bumps' capture
 * pads down to a die pad at y = 100, and a tie continues to the die edge (y = 0). Bump stack: RDL
 * capture pad 270, PI2 200, UBM 240, BUMP 270 (32-gons, across flats). Pad stack: PAD 80, PI1 60,
 * RDL 100 (squares). Seal ring 20 wide, 10 from the edge. DIE outline.
 */
import { Cell, Library } from '../../src/core/index.ts';
import type { Technology } from '../../src/tech/index.ts';
import type { IntendedNetlist } from '../../src/verify/index.ts';

export const um = (v: number): number => Math.round(v * 1000);

/**
 * A regular n-gon with the given across-flats width (um), centre (um), as flat dbu, vertices snapped
 * to `gridNm` (default 5 nm, so fixtures pass an off-grid check at the SKY130 manufacturing grid).
 */
export function ngon(cx: number, cy: number, acrossFlats: number, n = 32, gridNm = 5): number[] {
  const r = acrossFlats / 2 / Math.cos(Math.PI / n);
  const pts: number[] = [];
  const snap = (v: number) => Math.round((v * 1000) / gridNm) * gridNm;
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * (k + 0.5)) / n;
    pts.push(snap(cx + r * Math.cos(a)), snap(cy + r * Math.sin(a)));
  }
  return pts;
}

export function box(c: Cell, tech: Technology, layer: string, x0: number, y0: number, x1: number, y1: number): void {
  c.addBox(tech.layers[layer], um(x0), um(y0), um(x1), um(y1));
}

/** Bump stack sizes, um (across flats). */
export interface StackSizes {
  capture: number;
  pi2: number;
  ubm: number;
  bump: number;
  /** VIA2 between RDL and RDL2 (technologies with a second metal), um. */
  via2?: number;
}

/** Stack sizes clean under the built-in presets (amkor/deca: 270/200/240/270; generic/fine: smaller). */
export function stackFor(tech: Technology): StackSizes {
  if (tech.rules.bump.minWidth <= 150_000) return { capture: 170, pi2: 110, ubm: 140, bump: 160, via2: 60 };
  return { capture: 270, pi2: 200, ubm: 240, bump: 270, via2: 60 };
}

export interface DieOptions {
  name?: string;
  /** Die side, um (default 5000). */
  size?: number;
  /** Bumps per side (default 12). */
  cols?: number;
  /** Bump pitch, um (default 400). */
  pitch?: number;
  /** Trace and tie width, um (default: the technology's construction width). */
  trace?: number;
  stack?: StackSizes;
  /** Move one bump site [col, row] by [dx, dy] um (the array is then placed as single references). */
  moveBump?: [number, number, number, number];
  /** Called with the die cell after it is drawn, to inject defects. */
  edit?: (die: Cell) => void;
}

export interface DieFixture {
  die: Cell;
  bump: Cell;
  netlist: IntendedNetlist;
  size: number;
  /** Bump centres (um) per column. */
  columns: number[];
  rows: number[];
  /** Tie ends on the die edge (um), one per column. */
  ties: [number, number][];
  trace: number;
}

export function bumpedDie(tech: Technology, o: DieOptions = {}): DieFixture {
  const size = o.size ?? 5000;
  const n = o.cols ?? 12;
  const pitch = o.pitch ?? 400;
  const name = o.name ?? 'DIE';
  const st = o.stack ?? stackFor(tech);
  const trace = o.trace ?? tech.construction.rdl.width / 1000;
  const hasRdl2 = 'RDL2' in tech.layers;
  const bump = new Cell(`${name}_BUMPSTACK`);
  bump.addPolygon(tech.layers.RDL, ngon(0, 0, st.capture));
  if (hasRdl2) {
    bump.addPolygon(tech.layers.VIA2, ngon(0, 0, st.via2 ?? 60));
    bump.addPolygon(tech.layers.RDL2, ngon(0, 0, st.capture));
  }
  bump.addPolygon(tech.layers.PI2, ngon(0, 0, st.pi2));
  bump.addPolygon(tech.layers.UBM, ngon(0, 0, st.ubm));
  bump.addPolygon(tech.layers.BUMP, ngon(0, 0, st.bump));
  const die = new Cell(name);
  const first = (size - (n - 1) * pitch) / 2;
  const columns = Array.from({ length: n }, (_, i) => first + i * pitch);
  const rows = columns;
  if (o.moveBump) {
    const [mc, mr, dx, dy] = o.moveBump;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const moved = c === mc && r === mr;
        die.addRef(bump, { x: um(columns[c] + (moved ? dx : 0)), y: um(rows[r] + (moved ? dy : 0)) });
      }
    }
  } else die.addArray(bump, n, n, [um(pitch), 0], [0, um(pitch)], { x: um(first), y: um(first) });
  const b = (l: string, x0: number, y0: number, x1: number, y1: number) => box(die, tech, l, x0, y0, x1, y1);
  const netlist: IntendedNetlist = { nets: [] };
  const ties: [number, number][] = [];
  const h = trace / 2;
  columns.forEach((x, c) => {
    // Pad stack at y = 100, trace up through the column, tie down to the die edge.
    b('PAD', x - 40, 60, x + 40, 140);
    b('PI1', x - 30, 70, x + 30, 130);
    b('RDL', x - 50, 50, x + 50, 150);
    b('RDL', x - h, 150, x + h, rows[n - 1]);
    b('RDL', x - h, 0, x + h, 50);
    ties.push([x, 0]);
    die.addLabel(tech.layers.RDL, `C${c}`, um(x), um(100));
    netlist.nets.push({ name: `C${c}`, pads: [{ name: `P${c}`, xUm: x, yUm: 100 }], bumps: rows.map((y, r) => ({ name: `${String.fromCharCode(65 + r)}${c + 1}`, xUm: x, yUm: y })) });
  });
  die.addPolygonWithHoles(tech.layers.SEAL, [um(10), um(10), um(size - 10), um(10), um(size - 10), um(size - 10), um(10), um(size - 10)], [[um(30), um(30), um(30), um(size - 30), um(size - 30), um(size - 30), um(size - 30), um(30)]]);
  b('DIE', 0, 0, size, size);
  o.edit?.(die);
  return { die, bump, netlist, size, columns, rows, ties, trace };
}

/** A small die (2 x 2 bumps at 400 um) for seeded-defect tests: free band on the right, x in [size - 365, size - 30]. */
export function miniDie(tech: Technology, o: DieOptions = {}): DieFixture {
  return bumpedDie(tech, { size: 1400, cols: 2, pitch: 400, name: 'MINI', ...o });
}

export interface WaferOptions {
  name?: string;
  /** Wafer diameter, mm (default 300). */
  diameterMm?: number;
  /** Edge exclusion, mm (default 3). */
  edgeMm?: number;
  streetUm?: number;
  sawUm?: number;
  busUm?: number;
  /** Contact frame width, mm (default 2): a square frame on RDL at the wafer edge joining every bus line. */
  ringMm?: number;
  /** Restrict to a cols x rows block of sites around the centre (small test wafers). */
  block?: [number, number];
  /** Called with the wafer cell after it is drawn. */
  edit?: (wafer: Cell) => void;
}

export interface WaferFixture {
  lib: Library;
  wafer: Cell;
  kerf: Cell;
  dies: number;
  pitch: number;
  /** Lower-left corners (um) of the placed dies, row by row. */
  origins: [number, number][];
}

/**
 * A wafer of `die.die` on a square lattice: one AREF per row of whole sites (plus the kerf cell on the
 * same runs), a bus line in every street (RDL, centred, narrower than the saw), a contact ring on RDL
 * at the edge joined by the bus lines, SAW lines in every street and STREET documentation.
 */
export function waferOf(tech: Technology, d: DieFixture, o: WaferOptions = {}): WaferFixture {
  const street = o.streetUm ?? 80;
  const saw = o.sawUm ?? 40;
  const bus = o.busUm ?? 30;
  const R = ((o.diameterMm ?? 300) / 2) * 1000;
  const usable = R - (o.edgeMm ?? 3) * 1000;
  const ringW = (o.ringMm ?? 2) * 1000;
  const pitch = d.size + street;
  const wafer = new Cell(o.name ?? 'WAFER');
  // Kerf cell: bridges from each tie end down to the bus centre line (street below the die).
  const kerf = new Cell(`${d.die.name}_KERF`);
  for (const [x] of d.ties) box(kerf, tech, 'RDL', x - d.trace / 2, -street / 2 - bus / 2, x + d.trace / 2, 0);
  // Sites: die lower-left corners at (i * pitch - pitch / 2 ... ) so that a street centre line passes x = 0.
  const half = street / 2;
  const maxIdx = Math.ceil(R / pitch) + 1;
  const origins: [number, number][] = [];
  let dies = 0;
  let rowsUsed: number[] = [];
  let colMin = Infinity;
  let colMax = -Infinity;
  for (let j = -maxIdx; j <= maxIdx; j++) {
    let start: number | null = null;
    let count = 0;
    const flush = () => {
      if (start === null || count === 0) return;
      const x0 = start * pitch + half;
      const y0 = j * pitch + half;
      wafer.addArray(d.die, count, 1, [um(pitch), 0], [0, um(pitch)], { x: um(x0), y: um(y0) });
      wafer.addArray(kerf, count, 1, [um(pitch), 0], [0, um(pitch)], { x: um(x0), y: um(y0) });
      for (let k = 0; k < count; k++) origins.push([x0 + k * pitch, y0]);
      dies += count;
      start = null;
      count = 0;
    };
    for (let i = -maxIdx; i <= maxIdx; i++) {
      const x0 = i * pitch + half;
      const y0 = j * pitch + half;
      const inBlock = !o.block || (i >= -Math.floor(o.block[0] / 2) && i < Math.ceil(o.block[0] / 2) && j >= -Math.floor(o.block[1] / 2) && j < Math.ceil(o.block[1] / 2));
      const whole = inBlock && [[x0, y0], [x0 + d.size, y0], [x0, y0 + d.size], [x0 + d.size, y0 + d.size]].every(([x, y]) => Math.hypot(x, y) <= usable);
      if (whole) {
        if (start === null) start = i;
        count++;
        colMin = Math.min(colMin, i);
        colMax = Math.max(colMax, i);
        if (!rowsUsed.includes(j)) rowsUsed.push(j);
      } else flush();
    }
    flush();
  }
  rowsUsed = rowsUsed.sort((a, b) => a - b);
  // Streets: centre lines at x = i * pitch (between columns i - 1 and i), likewise y.
  const lo = (o.block ? colMin : -maxIdx) * pitch;
  const hi = ((o.block ? colMax : maxIdx) + 1) * pitch;
  const ylo = (o.block ? rowsUsed[0] : -maxIdx) * pitch;
  const yhi = ((o.block ? rowsUsed[rowsUsed.length - 1] : maxIdx) + 1) * pitch;
  const reach = o.block ? null : R - ringW / 2;
  for (let i = o.block ? colMin : -maxIdx; i <= (o.block ? colMax + 1 : maxIdx); i++) {
    const x = i * pitch;
    if (reach !== null && Math.abs(x) >= reach - ringW / 2) continue;
    const h = reach;
    const y0 = h !== null ? -h : ylo;
    const y1 = h !== null ? h : yhi;
    box(wafer, tech, 'RDL', x - bus / 2, y0, x + bus / 2, y1);
    box(wafer, tech, 'SAW', x - saw / 2, y0, x + saw / 2, y1);
    box(wafer, tech, 'STREET', x - street / 2, y0, x + street / 2, y1);
  }
  for (let j = o.block ? rowsUsed[0] : -maxIdx; j <= (o.block ? rowsUsed[rowsUsed.length - 1] + 1 : maxIdx); j++) {
    const y = j * pitch;
    if (reach !== null && Math.abs(y) >= reach - ringW / 2) continue;
    const h = reach;
    const x0 = h !== null ? -h : lo;
    const x1 = h !== null ? h : hi;
    box(wafer, tech, 'RDL', x0, y - bus / 2, x1, y + bus / 2);
    box(wafer, tech, 'SAW', x0, y - saw / 2, x1, y + saw / 2);
    box(wafer, tech, 'STREET', x0, y - street / 2, x1, y + street / 2);
  }
  if (!o.block) {
    // Contact frame on RDL around the dies (square, so the bus lines meet it at right angles: a
    // polygonal ring meets them at ~89.9 degrees and leaves acute notches that DRC rightly flags).
    const a = reach!;
    const o2 = a + ringW / 2;
    const i2 = a - ringW / 2;
    wafer.addPolygonWithHoles(tech.layers.RDL, [um(-o2), um(-o2), um(o2), um(-o2), um(o2), um(o2), um(-o2), um(o2)], [[um(-i2), um(-i2), um(-i2), um(i2), um(i2), um(i2), um(i2), um(-i2)]]);
  } else {
    // Small wafers: a contact pad joined to the lowest horizontal bus line, left of the block.
    const y = rowsUsed[0] * pitch;
    box(wafer, tech, 'RDL', lo - 1000, y - 500, lo - 200, y + 500);
    box(wafer, tech, 'RDL', lo - 200, y - bus / 2, lo, y + bus / 2);
  }
  o.edit?.(wafer);
  const lib = new Library(`${wafer.name}_LIB`).add(wafer);
  return { lib, wafer, kerf, dies, pitch, origins };
}
