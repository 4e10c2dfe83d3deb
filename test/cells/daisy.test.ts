/**
 * The daisy-chain die: measured on the flattened polygons: capture pads and straps meet the RDL
 * width and space rules, each RDL island joins exactly one pair, the pairs plus the board's
 * complementary pairs make one chain through every bump, and the seal-ring and chip-extent rules hold.
 */
import { describe, expect, it } from 'vitest';
import { flatLabels } from '../../src/core/index.ts';
import { intersection, union } from '../../src/geom/clipper.ts';
import { preset, type Technology } from '../../src/tech/index.ts';
import { daisyChainDie, daisyPairs, serpentineSite, type Site } from '../../cells/daisy.ts';
import { bboxCentre, bboxSize, boundaryDistance, pointToBoundary, regionOn, ringsOn, expectInputError } from './measure.ts';
import { pointInRing } from '../../src/core/index.ts';

function bboxOf(r: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < r.length; i += 2) {
    x0 = Math.min(x0, r[i]); x1 = Math.max(x1, r[i]);
    y0 = Math.min(y0, r[i + 1]); y1 = Math.max(y1, r[i + 1]);
  }
  return [x0, y0, x1, y1];
}

/** Checks that die pairs + board pairs form one path through all sites. */
function isOneChain(cols: number, rows: number, die: [Site, Site][], board: [Site, Site][]): boolean {
  const key = (s: Site) => `${s[0]},${s[1]}`;
  const adj = new Map<string, string[]>();
  for (const [a, b] of [...die, ...board]) {
    // Every joint of a pair is a neighbour one pitch away.
    if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) !== 1) return false;
    for (const [p, q] of [[a, b], [b, a]]) adj.set(key(p), [...(adj.get(key(p)) ?? []), key(q)]);
  }
  const n = cols * rows;
  const degrees = [...adj.values()].map((v) => v.length);
  if (adj.size !== n || degrees.some((d) => d > 2) || degrees.filter((d) => d === 1).length !== 2) return false;
  // Walk from one end: a path visits every site once.
  const start = [...adj.entries()].find(([, v]) => v.length === 1)![0];
  const seen = new Set([start]);
  let cur = start;
  for (;;) {
    const next = adj.get(cur)!.find((k) => !seen.has(k));
    if (!next) break;
    seen.add(next);
    cur = next;
  }
  return seen.size === n;
}

interface Case {
  tech: Technology;
  array: number | [number, number];
  street?: number;
}

const CASES: Case[] = [
  { tech: preset('amkor-0.4'), array: 6, street: 100_000 },
  { tech: preset('amkor-0.5'), array: 4 },
  { tech: preset('deca-0.4'), array: 5 },
  { tech: preset('deca-0.4'), array: [3, 2] },
];

describe('daisyChainDie', () => {
  for (const cs of CASES) {
    const t = cs.tech;
    const [cols, rows] = typeof cs.array === 'number' ? [cs.array, cs.array] : cs.array;
    it(`${t.name} ${cols}x${rows}: RDL width/space, one pair per island, one chain, seal-ring and extent rules`, () => {
      const die = daisyChainDie(t, { array: cs.array, ...(cs.street !== undefined ? { street: cs.street } : {}) });
      const s = die.settings as { pitch: number; width: number; height: number; pairs: [Site, Site][]; boardPairs: [Site, Site][]; arrayOrigin: [number, number] };
      const r = t.rules;
      const top = t.layers[t.construction.topMetal];

      // One chain through every bump.
      expect(isOneChain(cols, rows, s.pairs, s.boardPairs)).toBe(true);

      // RDL islands: each holds exactly the two capture pads of one die pair (or one lone pad).
      const islands = union(ringsOn(die, top));
      const n = cols * rows;
      expect(islands).toHaveLength(Math.ceil(n / 2));
      const centre = (site: Site): [number, number] => [s.arrayOrigin[0] + site[0] * s.pitch, s.arrayOrigin[1] + site[1] * s.pitch];
      const islandOf = (site: Site) => islands.findIndex((p) => pointInRing(p.outer, ...centre(site)));
      for (const [a, b] of s.pairs) {
        expect(islandOf(a)).toBeGreaterThanOrEqual(0);
        expect(islandOf(a)).toBe(islandOf(b));
      }
      for (const [a, b] of s.boardPairs) expect(islandOf(a)).not.toBe(islandOf(b));
      // Space between islands (different nets) >= rdl.minSpace, measured vertex to edge.
      // (Pairs whose bounding boxes are already farther apart than the rule cannot violate it.)
      const need = Math.max(r.rdl.minSpace, t.construction.rdl.space);
      const boxes = islands.map((p) => bboxOf(p.outer));
      let minSpace = Infinity;
      for (let i = 0; i < islands.length; i++) {
        for (let j = i + 1; j < islands.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          if (Math.max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3]) >= need) continue;
          minSpace = Math.min(minSpace, boundaryDistance(islands[i].outer, islands[j].outer));
        }
      }
      expect(minSpace).toBeGreaterThanOrEqual(need);
      // Straps (with their teardrops): the RDL polygons one pitch long; their cross-section between the
      // pads, cut out with a thin slab across the middle, is at least the RDL width.
      const straps = ringsOn(die, top).filter((g) => bboxSize(g)[0] === s.pitch || bboxSize(g)[1] === s.pitch);
      expect(straps).toHaveLength(s.pairs.length);
      for (const g of straps) {
        const [w, h] = bboxSize(g);
        const [cx, cy] = bboxCentre(g);
        const slab = w > h ? [cx - 1_000, cy - s.pitch, cx + 1_000, cy - s.pitch, cx + 1_000, cy + s.pitch, cx - 1_000, cy + s.pitch] : [cx - s.pitch, cy - 1_000, cx + s.pitch, cy - 1_000, cx + s.pitch, cy + 1_000, cx - s.pitch, cy + 1_000];
        const cut = intersection([g], [slab]);
        expect(cut).toHaveLength(1);
        const across = w > h ? bboxSize(cut[0].outer)[1] : bboxSize(cut[0].outer)[0];
        expect(across).toBeGreaterThanOrEqual(Math.max(r.rdl.minWidth, t.construction.rdl.width));
      }

      // Seal ring: UBM centres and balls keep their distances to its outer edge; pads stay inside it.
      const seal = regionOn(die, t.layers.SEAL);
      expect(seal).toHaveLength(1);
      const outer = seal[0].outer;
      const inner = seal[0].holes[0];
      const ubms = ringsOn(die, t.layers.UBM);
      expect(ubms).toHaveLength(n);
      for (const u of ubms) {
        const [x, y] = bboxCentre(u);
        expect(pointToBoundary(x, y, outer)).toBeGreaterThanOrEqual(r.ubm.sealCentreDistance);
      }
      for (const b of ringsOn(die, t.layers.BUMP)) {
        for (let i = 0; i < b.length; i += 2) expect(pointInRing(inner, b[i], b[i + 1])).toBe(true);
        if (r.bump.sealSpace !== undefined) expect(boundaryDistance(b, outer)).toBeGreaterThanOrEqual(r.bump.sealSpace);
      }
      // Capture pads one RDL space inside the seal ring (only the outer row and column can come close).
      const sealBox = bboxOf(inner);
      for (const isl of islands) {
        const b = bboxOf(isl.outer);
        if (Math.min(b[0] - sealBox[0], b[1] - sealBox[1], sealBox[2] - b[2], sealBox[3] - b[3]) >= 2 * t.construction.rdl.space) continue;
        expect(boundaryDistance(isl.outer, inner)).toBeGreaterThanOrEqual(t.construction.rdl.space);
      }

      // Die size within the chip-extent rules.
      const ext = [Math.min(s.width, s.height), Math.max(s.width, s.height)];
      if (r.bump.chipExtentMin) expect(ext[0] >= r.bump.chipExtentMin[0] && ext[1] >= r.bump.chipExtentMin[1]).toBe(true);
      if (r.bump.chipExtentMax) expect(ext[0] <= r.bump.chipExtentMax[0] && ext[1] <= r.bump.chipExtentMax[1]).toBe(true);
      expect(bboxSize(ringsOn(die, t.layers.DIE)[0])).toEqual([s.width, s.height]);

      // A net label per strap on the top metal, inside its island; the die ID on TEXT.
      const labels = [...flatLabels(die)].map((l) => l.label);
      expect(labels.filter((l) => l.layer === top.layer && l.texttype === top.datatype)).toHaveLength(s.pairs.length);
      for (const l of labels) expect(islands.some((p) => pointInRing(p.outer, l.transform.x, l.transform.y))).toBe(true);
      if (rows >= 2) expect(ringsOn(die, t.layers.TEXT).length).toBeGreaterThan(0);
      if (cs.street !== undefined) expect(ringsOn(die, t.layers.MARK)).toHaveLength(4);
    });
  }

  it('serpentine pairs: neighbours, alternating sides, chain ends at the first and last site', () => {
    for (const [c, r] of [[1, 2], [2, 1], [2, 2], [3, 3], [7, 4], [10, 10]]) {
      const p = daisyPairs(c, r);
      expect(isOneChain(c, r, p.die, p.board)).toBe(true);
      expect(p.die.length).toBe(Math.floor((c * r) / 2));
      expect(p.ends).toEqual([serpentineSite(0, c), serpentineSite(c * r - 1, c)]);
    }
  });

  it('rejects bad parameters naming the parameter and the rule', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => daisyChainDie(t, { pitch: 390_000 }), /'pitch' = 390 um/, /bump\.pitch = 400 um/, /exact/, /amkor\.csv bump\.2/);
    expectInputError(() => daisyChainDie(t, { array: 4, width: 1_500_000, height: 1_500_000 }), /'width'/, /ubm\.sealCentreDistance|bump\.sealSpace|rdl\.minSpace/);
    expectInputError(() => daisyChainDie(t, { strapWidth: 8_000 }), /'strapWidth'/, /rdl\.minWidth = 10 um/);
    expectInputError(() => daisyChainDie(t, { array: 0 }), /'array'/);
    expectInputError(() => daisyChainDie(t, { array: 1 }), /'array'/, /at least two bumps/);
    expectInputError(() => daisyChainDie(t, { array: 20 }), /bump\.chipExtentMax = 6800 x 6800 um/);
    expectInputError(() => daisyChainDie(t, { array: [2, 1], width: 700_000, height: 700_000 }), /'width'/);
    expectInputError(() => daisyChainDie(t, { label: 'dc#1' }), /'label'/, /"#"/);
    expectInputError(() => daisyChainDie(preset('generic'), { pitch: 240_000 }), /'pitch'/, /bump\.pitch = 250 um/);
  });

  it('is cached: same parameters give the same frozen cell', () => {
    const t = preset('amkor-0.4');
    const a = daisyChainDie(t, { array: 3 });
    expect(daisyChainDie(t, { array: [3, 3] })).toBe(a);
    expect(a.frozen).toBe(true);
    expect(daisyChainDie(t, { array: 3, label: 'X1' }).name).not.toBe(a.name);
  });
});
