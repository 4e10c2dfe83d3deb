/** Layer styles and layouts shared by the SVG tests (styles mirror the built-in technology colours). */
import { Cell } from '../../src/core/index.ts';
import type { LayerStyle } from '../../src/io/svg/index.ts';

export const LAYERS: LayerStyle[] = [
  { layer: 10, datatype: 0, name: 'PAD', color: '#ff6666' },
  { layer: 20, datatype: 0, name: 'RDL', color: '#4da6ff' },
  { layer: 40, datatype: 0, name: 'UBM', color: '#b380ff' },
  { layer: 50, datatype: 0, name: 'BUMP', color: '#66ee66' },
  { layer: 81, datatype: 0, name: 'TEXT', color: '#ffffff' },
  { layer: 90, datatype: 0, name: 'DIE', color: '#4dd9a0', outlineOnly: true },
  { layer: 92, datatype: 0, name: 'SAW', color: '#8c8cff' },
];

/** A polygonised circle of radius r dbu with n vertices, centred at the origin. */
export function circle(r: number, n = 32): number[] {
  const c: number[] = [];
  for (let i = 0; i < n; i++) c.push(Math.round(r * Math.cos((2 * Math.PI * i) / n)), Math.round(r * Math.sin((2 * Math.PI * i) / n)));
  return c;
}

/** A bump cell (UBM square + BUMP circle), a die placing it as cols x rows AREF, and a top placing the die. */
export function arrayedDie(cols: number, rows: number, pitch = 100_000): { bump: Cell; die: Cell; top: Cell } {
  const bump = new Cell('BUMP_CELL');
  bump.addBox([40, 0], -30_000, -30_000, 30_000, 30_000);
  bump.addPolygon([50, 0], circle(25_000));
  const die = new Cell('DIE_CELL');
  die.addBox([90, 0], 0, 0, cols * pitch, rows * pitch);
  die.addArray(bump, cols, rows, [pitch, 0], [0, pitch], { x: pitch / 2, y: pitch / 2 });
  const top = new Cell('TOP');
  top.addRef(die);
  return { bump, die, top };
}

/** A 5 x 5 mm die of ~1,000 shapes drawn directly in the die cell (no sub-cells to hide behind). */
export function die1000(): Cell {
  const d = new Cell('DIE_5x5');
  const half = 2_500_000;
  d.addBox([90, 0], -half, -half, half, half);
  d.addPolygonWithHoles([92, 0], [-half, -half, half, -half, half, half, -half, half], [[-half + 20_000, -half + 20_000, half - 20_000, -half + 20_000, half - 20_000, half - 20_000, -half + 20_000, half - 20_000]]);
  let shapes = 2;
  // 256 pads around the edge.
  for (let i = 0; i < 64; i++) {
    const t = -half + 100_000 + i * 75_000;
    for (const [x, y] of [[t, -half + 60_000], [t, half - 60_000], [-half + 60_000, t], [half - 60_000, t]]) {
      d.addBox([10, 0], x - 25_000, y - 25_000, x + 25_000, y + 25_000);
      shapes++;
    }
  }
  // 12 x 12 bump sites: UBM octagon-ish circles and bump circles, and an RDL path from a pad to each.
  const ubm = circle(90_000, 16);
  const ball = circle(120_000, 32);
  for (let r = 0; r < 12; r++) {
    for (let c = 0; c < 12; c++) {
      const x = -2_200_000 + c * 400_000;
      const y = -2_200_000 + r * 400_000;
      d.addPolygon([40, 0], ubm.map((v, i) => v + (i % 2 ? y : x)));
      d.addPolygon([50, 0], ball.map((v, i) => v + (i % 2 ? y : x)));
      d.addPath([20, 0], [x, y, x + 150_000, y + 150_000, x + 150_000, y + 250_000], 15_000, { pathtype: (r + c) % 2 ? 0 : 1 });
      shapes += 3;
    }
  }
  // Fill to ~1,000 with dummy metal tiles and net labels.
  for (let i = 0; shapes < 1000; i++, shapes++) {
    const x = -2_000_000 + (i % 40) * 100_000;
    const y = -2_350_000 + Math.floor(i / 40) * 30_000;
    if (i % 5 === 0) d.addLabel([81, 0], `NET_${i}`, x, y);
    else d.addBox([20, 0], x, y, x + 20_000, y + 10_000);
  }
  return d;
}

/** A 300 mm wafer: dies on a 5.1 mm pitch wholly inside 147 mm, per row one AREF (or one SREF per die). */
export function wafer300(asArrays: boolean): { top: Cell; dies: number } {
  const d = die1000();
  const top = new Cell('WAFER_300');
  top.addPolygon([99, 0], circle(150_000_000, 720));
  const pitch = 5_100_000;
  const rmax = 147_000_000;
  let dies = 0;
  for (let r = -30; r <= 30; r++) {
    const y = r * pitch;
    const yFar = Math.abs(y) + pitch / 2;
    if (yFar > rmax) continue;
    const xMax = Math.sqrt(rmax * rmax - yFar * yFar);
    const n = Math.floor((xMax - pitch / 2) / pitch);
    const cols = 2 * n + 1;
    dies += cols;
    if (asArrays) top.addArray(d, cols, 1, [pitch, 0], [0, pitch], { x: -n * pitch, y });
    else for (let c = -n; c <= n; c++) top.addRef(d, { x: c * pitch, y });
  }
  return { top, dies };
}
