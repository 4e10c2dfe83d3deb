/**
 * Synthetic routed dies for the wafer tests: per net a die pad (PAD) with its RDL landing, an RDL
 * trace inward to a capture pad with a bump stack (PI2 opening, UBM, BUMP), and a plating tie (RDL)
 * from the landing straight to the die edge. Nets are spread evenly over the four sides. Lengths in dbu.
 */
import { Cell } from '../../src/core/cell.ts';
import type { Technology } from '../../src/tech/types.ts';
import type { PlatingTie } from '../../src/wafer/plating.ts';

export interface SyntheticDie {
  cell: Cell;
  ties: PlatingTie[];
  nets: string[];
}

/** A w x h die (dbu) with `nets` nets, `perSide = nets / 4` per side (nets must be a multiple of 4). */
export function syntheticDie(tech: Technology, name: string, w: number, h: number, nets: number): SyntheticDie {
  if (nets % 4 !== 0) throw new Error('nets must be a multiple of 4');
  const L = (n: string) => tech.layers[n];
  const cell = new Cell(name);
  const x0 = -Math.floor(w / 2);
  const y0 = -Math.floor(h / 2);
  const x1 = x0 + w;
  const y1 = y0 + h;
  cell.addBox(L('DIE'), x0, y0, x1, y1);
  const per = nets / 4;
  const ties: PlatingTie[] = [];
  const names: string[] = [];
  const tieW = 10_000;
  const padInset = 100_000;
  const bumpInset = 700_000;
  let n = 0;
  // Sides in local terms: position along the side t in (0, 1), rotated into place.
  for (let side = 0; side < 4; side++) {
    for (let k = 0; k < per; k++) {
      const net = `N${++n}`;
      names.push(net);
      // Keep to the middle 60 % of each side so the sides' capture pads stay apart at the corners.
      const t = 0.2 + (0.6 * (k + 1)) / (per + 1);
      // (along, inward) -> (x, y) for each side: bottom, right, top, left.
      const along = side % 2 === 0 ? Math.round(x0 + t * w) : Math.round(y0 + t * h);
      const map = (a: number, d: number): [number, number] =>
        side === 0 ? [a, y0 + d] : side === 1 ? [x1 - d, a] : side === 2 ? [a, y1 - d] : [x0 + d, a];
      const box = (a0: number, d0: number, a1: number, d1: number) => {
        const [ax, ay] = map(a0, d0);
        const [bx, by] = map(a1, d1);
        return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)] as const;
      };
      const add = (layer: string, b: readonly [number, number, number, number]) => cell.addBox(L(layer), b[0], b[1], b[2], b[3]);
      add('PAD', box(along - 40_000, padInset - 40_000, along + 40_000, padInset + 40_000));
      add('RDL', box(along - 50_000, padInset - 50_000, along + 50_000, padInset + 50_000));
      add('RDL', box(along - 10_000, padInset, along + 10_000, bumpInset));
      add('RDL', box(along - 110_000, bumpInset - 110_000, along + 110_000, bumpInset + 110_000));
      // The bump stack on the capture pad: PI2 opening, UBM over it, the ball.
      add('PI2', box(along - 75_000, bumpInset - 75_000, along + 75_000, bumpInset + 75_000));
      add('UBM', box(along - 95_000, bumpInset - 95_000, along + 95_000, bumpInset + 95_000));
      add('BUMP', box(along - 90_000, bumpInset - 90_000, along + 90_000, bumpInset + 90_000));
      // The tie: straight from the landing to the die edge.
      add('RDL', box(along - tieW / 2, 0, along + tieW / 2, padInset));
      const [tx, ty] = map(along, 0);
      ties.push({ net, x: tx, y: ty, width: tieW });
    }
  }
  return { cell, ties, nets: names };
}

/**
 * A routed die from the RDL router: `pads` peripheral pads -> cols x rows balls at `pitch`, with
 * plating ties; the die cell holds the DIE outline, the seal ring, a pad stack per pad, a bump stack
 * per ball and the routed metal. Returns null when the router is not available.
 */
export async function routedDie(
  tech: Technology,
  name: string,
  spec: { die: number; pads: number; padPitch: number; cols: number; rows: number; pitch: number; tieWidth: number; bumpSides?: number },
): Promise<(SyntheticDie & { routed: number; failed: number }) | null> {
  let route: typeof import('../../src/route/index.ts');
  let cases: typeof import('../../src/route/cases.ts');
  let cells: typeof import('../../cells/index.ts');
  try {
    route = await import('../../src/route/index.ts');
    cases = await import('../../src/route/cases.ts');
    cells = await import('../../cells/index.ts');
  } catch {
    return null;
  }
  const { pads, bumps } = cases.ringArrayCase({ die: [spec.die, spec.die], pads: spec.pads, padPitch: spec.padPitch, padSize: 80_000, padInset: 100_000, cols: spec.cols, rows: spec.rows, pitch: spec.pitch });
  const r = route.routeDie({ die: { width: spec.die, height: spec.die }, pads, bumps, tech, options: { ties: { width: spec.tieWidth }, ...(spec.bumpSides ? { circleVertices: spec.bumpSides } : {}) } });
  const cell = new Cell(name);
  cell.addRef(cells.dieOutline(tech, { width: spec.die, height: spec.die }));
  cell.addRef(cells.sealRing(tech, { width: spec.die, height: spec.die }));
  for (const p of pads) cell.addRef(cells.padStackCell(tech, { width: p.w, height: p.h }), { x: p.x, y: p.y });
  const bump = cells.bumpStack(tech, spec.bumpSides ? { sides: spec.bumpSides } : {});
  for (const b of bumps) cell.addRef(bump, { x: b.x, y: b.y });
  route.drawRouting(cell, r, tech);
  const ties: PlatingTie[] = [];
  for (const n of r.nets) {
    if (!n.tie) continue;
    const [x, y] = n.tie[n.tie.length - 1];
    ties.push({ net: n.net, x: Math.round(x * 1000), y: Math.round(y * 1000), width: spec.tieWidth });
  }
  return { cell, ties, nets: r.nets.map((n) => n.net), routed: r.routed, failed: r.failed };
}
