import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { countWholeDies, dieGrid, exhaustiveOffsetSearch, reticleShots, shotsToCsv, shotsToJson, type GridParams, type GridResult } from '../../src/wafer/grid.ts';
import type { WaferSpec } from '../../src/wafer/outline.ts';

const W300: WaferSpec = { diameterMm: 300, edgeExclusionMm: 3 };

describe('die per wafer: reference figures', () => {
  it('300 mm, 10 x 10 mm die, 0.1 mm street, 3 mm edge: 616 optimised, 597 centred', () => {
    const p: GridParams = { wafer: W300, dieUm: [10000, 10000], streetUm: 100 };
    const auto = dieGrid(p);
    expect(auto.count).toBe(616);
    expect(auto.mode).toBe('auto');
    expect(auto.variants).toEqual({ centered: 597, streetCentered: 616 });
    expect(dieGrid({ ...p, offset: 'centered' }).count).toBe(597);
    expect(dieGrid({ ...p, offset: 'centered' }).offsetUm).toEqual([0, 0]);
    // A street crossing at the wafer centre is the symmetric optimum here, and free optimisation cannot beat it.
    const sym = dieGrid({ ...p, offset: 'symmetric' });
    expect(sym.count).toBe(616);
    expect(sym.offsetUm).toEqual([5050, 5050]);
  });

  it('300 mm, 5 x 5 mm die, 0.08 mm street, 3 mm edge: 2524 (auto, the true maximum); 2523 for a mirror-symmetric map', () => {
    const p: GridParams = { wafer: W300, dieUm: [5000, 5000], streetUm: 80 };
    const sym = dieGrid({ ...p, offset: 'symmetric' });
    expect(sym.count).toBe(2523);
    expect(sym.offsetUm[0]).toBe(0); // columns die-centred: the map is mirror-symmetric about x = 0
    const free = dieGrid(p);
    expect(free.count).toBe(2524);
    // The 2524 offset checked with exact rationals outside this code (Python fractions, die corners vs
    // radius 147 mm): dx = 0.0254 mm, dy = 0.8128 mm gives 2524.
    expect(countWholeDies(p, [25.4, 812.8])).toBe(2524);
    // The reported offset really holds that many whole dies (independent corner predicate).
    expect(countWholeDies(p, free.offsetUm)).toBe(2524);
    expect(free.sites.filter((s) => s.whole)).toHaveLength(2524);
  });
});

describe('die per wafer: the optimiser against exhaustive search', () => {
  // Each combo: the optimiser's count is >= every sampled offset, and the brute force (die-by-die corner
  // predicate, not the optimiser's column sweep) over the samples plus the optimiser's offset agrees with it.
  const combos: Array<{ name: string; p: GridParams; resUm: number; resAutoUm: number }> = [
    { name: '300 mm, 10 x 10, street 100, edge 3', p: { wafer: W300, dieUm: [10000, 10000], streetUm: 100 }, resUm: 202, resAutoUm: 20.2 },
    { name: '300 mm, 5 x 5, street 80, edge 3', p: { wafer: W300, dieUm: [5000, 5000], streetUm: 80 }, resUm: 127, resAutoUm: 12.7 },
    { name: '300 mm, non-square 7.3 x 3.1, street [90, 60], edge 2', p: { wafer: { diameterMm: 300, edgeExclusionMm: 2 }, dieUm: [7300, 3100], streetUm: [90, 60] }, resUm: 100, resAutoUm: 3.16 },
    { name: '200 mm notch cut (edge 0.5 < depth 1), 3 x 7, street 100', p: { wafer: { diameterMm: 200, edgeExclusionMm: 0.5, notch: true }, dieUm: [3000, 7000], streetUm: 100 }, resUm: 77.5, resAutoUm: 7.1 },
    { name: '200 mm notch excluded (edge 3), 4 x 4, street 80', p: { wafer: { diameterMm: 200, edgeExclusionMm: 3, notch: true }, dieUm: [4000, 4000], streetUm: 80 }, resUm: 102, resAutoUm: 4.08 },
    { name: '150 mm SEMI flat 57.5 mm, 4 x 4, street 70, edge 2', p: { wafer: { diameterMm: 150, edgeExclusionMm: 2, flat: true }, dieUm: [4000, 4000], streetUm: 70 }, resUm: 101.75, resAutoUm: 4.07 },
    { name: '100 mm flat 30 mm, 6.5 x 3.2, street 50, edge 1.5', p: { wafer: { diameterMm: 100, edgeExclusionMm: 1.5, flat: { lengthMm: 30 } }, dieUm: [6500, 3200], streetUm: 50 }, resUm: 65.5, resAutoUm: 3.25 },
    { name: '300 mm, 20 x 30 die, street 100, edge 3', p: { wafer: W300, dieUm: [20000, 30000], streetUm: 100 }, resUm: 502.5, resAutoUm: 30.1 },
  ];

  for (const c of combos) {
    it(`auto-free: ${c.name}`, () => {
      const opt = dieGrid({ ...c.p, offset: 'auto' });
      const grid = exhaustiveOffsetSearch(c.p, c.resUm);
      expect(grid.evaluated).toBeGreaterThanOrEqual(1500);
      expect(opt.count).toBeGreaterThanOrEqual(grid.count);
      const withOpt = exhaustiveOffsetSearch(c.p, c.resUm, { extraOffsetsUm: [opt.offsetUm] });
      expect(withOpt.count).toBe(opt.count);
      // The symmetric optimum is one of the free candidates, so free >= auto.
      expect(opt.count).toBeGreaterThanOrEqual(dieGrid({ ...c.p, offset: 'symmetric' }).count);
    });

    it(`symmetric: ${c.name}`, () => {
      const opt = dieGrid({ ...c.p, offset: 'symmetric' });
      const grid = exhaustiveOffsetSearch(c.p, c.resAutoUm, { mode: 'symmetric' });
      expect(opt.count).toBeGreaterThanOrEqual(grid.count);
      // A fine 1-D scan finds the same maximum (the optimum's dy run is wider than the step here).
      expect(grid.count).toBe(opt.count);
      expect(exhaustiveOffsetSearch(c.p, c.resAutoUm, { mode: 'symmetric', extraOffsetsUm: [opt.offsetUm] }).count).toBe(opt.count);
    });
  }

  it('a notch excluded by the edge exclusion changes nothing; a notch cut through it never adds dies', () => {
    const base = { dieUm: [4000, 4000] as [number, number], streetUm: 80 };
    const plain = dieGrid({ ...base, wafer: { diameterMm: 200, edgeExclusionMm: 3 }, offset: 'auto' });
    const notched = dieGrid({ ...base, wafer: { diameterMm: 200, edgeExclusionMm: 3, notch: true }, offset: 'auto' });
    expect(notched.count).toBe(plain.count);
    expect(notched.offsetUm).toEqual(plain.offsetUm);
    const thin = { ...base, wafer: { diameterMm: 200, edgeExclusionMm: 0.2 } };
    for (const offset of ['centered', 'street-centered', [123.456, 789.012]] as const) {
      const a = countWholeDies(thin, offset === 'centered' ? [0, 0] : offset === 'street-centered' ? [2040, 2040] : offset);
      const b = countWholeDies({ ...thin, wafer: { ...thin.wafer, notch: { depthMm: 1.2 } } }, offset === 'centered' ? [0, 0] : offset === 'street-centered' ? [2040, 2040] : offset);
      expect(b).toBeLessThanOrEqual(a);
    }
  });
});

/**
 * Independent reference for miniature wafers where every integer offset (1 nm) can be tried: counts by
 * rows with plain double arithmetic (exact here: coordinates below 1e5 nm, squares below 2^53).
 */
interface Mini {
  D: number;
  e: number;
  w: number;
  h: number;
  p: number;
  q: number;
  flatMinY?: number;
  /** 2 x apex y of a 90-degree notch that is cut. */
  apex2?: number;
}

function latticeIn(ox: number, p: number, lo: number, hi: number, openLo = false, openHi = false): number {
  // Number of integers c with lo <= ox + c p <= hi (strict where open).
  const a = openLo ? Math.floor((lo - ox) / p) + 1 : Math.ceil((lo - ox) / p);
  const b = openHi ? Math.ceil((hi - ox) / p) - 1 : Math.floor((hi - ox) / p);
  return Math.max(0, b - a + 1);
}

function refCount(m: Mini, ox: number, oy: number): number {
  const Du = m.D - 2 * m.e;
  let n = 0;
  for (let r = Math.floor((-Du / 2 - oy) / m.q) - 1; r <= Math.ceil((Du / 2 - oy) / m.q) + 1; r++) {
    const y0 = oy + r * m.q;
    const y1 = y0 + m.h;
    const my2 = 2 * Math.max(Math.abs(y0), Math.abs(y1));
    if (my2 > Du) continue;
    if (m.flatMinY !== undefined && y0 < m.flatMinY) continue;
    const X = Math.floor(Math.floor(Math.sqrt(Du * Du - my2 * my2)) / 2); // far corner |x| <= X
    let k = latticeIn(ox, m.p, -X, X - m.w);
    if (m.apex2 !== undefined) {
      const g = (m.apex2 - 2 * y0) / 2; // dies whose x-span comes within g of the axis hit the V
      if (g > 0) k -= latticeIn(ox, m.p, Math.max(-X, -g - m.w), Math.min(X - m.w, g), -g - m.w >= -X, g <= X - m.w);
    }
    n += k;
  }
  return n;
}

describe('die per wafer: exact on miniature wafers (every nm offset tried)', () => {
  const minis: Array<{ name: string; wafer: WaferSpec; die: [number, number]; street: number; m: Mini }> = [
    // Here the free optimum (472) beats the mirror-symmetric one (470).
    { name: 'plain disc, free beats symmetric', wafer: { diameterMm: 0.03, edgeExclusionMm: 0.0012 }, die: [1.2, 0.8], street: 0.1, m: { D: 30000, e: 1200, w: 1200, h: 800, p: 1300, q: 900 } },
    { name: 'plain disc', wafer: { diameterMm: 0.03, edgeExclusionMm: 0.001 }, die: [1.3, 0.9], street: 0.2, m: { D: 30000, e: 1000, w: 1300, h: 900, p: 1500, q: 1100 } },
    // 90-degree notch 2 um deep, edge exclusion 0.5 um: apex at y = -(15000 - 2000) nm, 2 x apex = -26000.
    { name: 'notch cut', wafer: { diameterMm: 0.03, edgeExclusionMm: 0.0005, notch: { depthMm: 0.002 } }, die: [1.1, 1.3], street: 0.25, m: { D: 30000, e: 500, w: 1100, h: 1300, p: 1350, q: 1550, apex2: -26000 } },
    // Flat 12 um long: distance sqrt(30000^2 - 12000^2) / 2 = 13747.7 nm; cut at 700 - 13747.7 -> minY -13047.
    { name: 'flat', wafer: { diameterMm: 0.03, edgeExclusionMm: 0.0007, flat: { lengthMm: 0.012 } }, die: [1.7, 1.0], street: 0.15, m: { D: 30000, e: 700, w: 1700, h: 1000, p: 1850, q: 1150, flatMinY: -13047 } },
  ];
  for (const c of minis) {
    it(c.name, () => {
      const p: GridParams = { wafer: c.wafer, dieUm: c.die, streetUm: c.street };
      let best = -1;
      const symOx = [((Math.floor(-c.m.w / 2) % c.m.p) + c.m.p) % c.m.p, Math.floor((c.m.p - c.m.w) / 2)];
      let bestSym = -1;
      for (let ox = 0; ox < c.m.p; ox++) {
        for (let oy = 0; oy < c.m.q; oy++) {
          const n = refCount(c.m, ox, oy);
          if (n > best) best = n;
          if (n > bestSym && symOx.includes(ox)) bestSym = n;
        }
      }
      const free = dieGrid({ ...p, offset: 'auto' });
      expect(free.count).toBe(best);
      if (c.name.startsWith('plain disc, free')) expect([bestSym, best]).toEqual([470, 472]);
      const [ox, oy] = free.lattice.originDbu;
      expect(refCount(c.m, ox, oy)).toBe(best);
      const auto = dieGrid({ ...p, offset: 'symmetric' });
      expect(auto.count).toBe(bestSym);
      expect(refCount(c.m, auto.lattice.originDbu[0], auto.lattice.originDbu[1])).toBe(bestSym);
      // Both predicates agree at arbitrary offsets too.
      for (const off of [[0, 0], [0.123, 0.456], [1.0, 0.05]] as const) {
        const g = dieGrid({ ...p, offset: off });
        expect(g.count).toBe(refCount(c.m, g.lattice.originDbu[0], g.lattice.originDbu[1]));
      }
    });
  }
});

describe('die per wafer: sites, offsets, determinism', () => {
  it('sites: whole and partial flags, ranges, centres on the lattice', () => {
    const g = dieGrid({ wafer: W300, dieUm: [10000, 10000], streetUm: 100, offset: 'centered' });
    expect(g.sites.filter((s) => s.whole)).toHaveLength(597);
    expect(g.partialCount).toBe(g.sites.filter((s) => s.partial).length);
    for (const s of g.sites) {
      expect(s.whole !== s.partial).toBe(true);
      expect(s.xUm).toBeCloseTo(s.col * 10100, 6);
      expect(s.yUm).toBeCloseTo(s.row * 10100, 6);
      // Whole: the far corner is within 147 mm (checked in floating point, away from ties here).
      const far = Math.hypot(Math.abs(s.xUm) + 5000, Math.abs(s.yUm) + 5000);
      if (s.whole) expect(far).toBeLessThanOrEqual(147000);
      else expect(far).toBeGreaterThan(147000);
      // Partial: the nearest point of the die is inside 147 mm.
      const nx = Math.max(0, Math.abs(s.xUm) - 5000);
      const ny = Math.max(0, Math.abs(s.yUm) - 5000);
      expect(Math.hypot(nx, ny)).toBeLessThan(147000);
    }
    expect(g.colRange).toEqual([-15, 15]);
    expect(g.rowRange).toEqual([-15, 15]);
    // Rows bottom to top, columns left to right.
    for (let i = 1; i < g.sites.length; i++) {
      const a = g.sites[i - 1];
      const b = g.sites[i];
      expect(a.row < b.row || (a.row === b.row && a.col < b.col)).toBe(true);
    }
  });

  it('given offsets are reduced modulo the pitch; results are deterministic', () => {
    const p: GridParams = { wafer: W300, dieUm: [5000, 5000], streetUm: 80 };
    expect(dieGrid({ ...p, offset: [5080 + 100, -5080 + 200] }).offsetUm).toEqual([100, 200]);
    expect(dieGrid({ ...p, offset: [100, 200] }).count).toBe(countWholeDies(p, [100, 200]));
    const a = dieGrid({ ...p, offset: 'auto' });
    const b = dieGrid({ ...p, offset: 'auto' });
    expect(b.offsetUm).toEqual(a.offsetUm);
    expect(b.sites).toEqual(a.sites);
  });

  it('odd-nm die sizes: lower-left corners stay on the nm grid, centres may be half nm', () => {
    const w = 5000.001; // um, an odd number of nm
    const g = dieGrid({ wafer: W300, dieUm: [w, 4000.003], streetUm: 77.777, offset: 'centered' });
    for (const s of g.sites) {
      const llNm = s.xUm * 1000 - (w * 1000) / 2;
      expect(Math.abs(llNm - Math.round(llNm))).toBeLessThan(1e-4);
    }
    // floor(-w/2) puts the centred die's centre half a nm left of x = 0: offset = pitch - 0.5 nm.
    expect(g.offsetUm[0]).toBeCloseTo(5077.778 - 0.0005, 9);
  });

  it('a die larger than the usable disc gives 0 whole dies and no crash', () => {
    const g = dieGrid({ wafer: { diameterMm: 100, edgeExclusionMm: 3 }, dieUm: [95000, 95000], streetUm: 0, offset: 'auto' });
    expect(g.count).toBe(0);
    expect(g.sites.every((s) => s.partial)).toBe(true);
  });

  it('bad input throws InputError naming the parameter', () => {
    const ok: GridParams = { wafer: W300, dieUm: [5000, 5000], streetUm: 80 };
    expect(() => dieGrid({ ...ok, dieUm: [0, 5000] })).toThrow(/dieUm\[0\] \(die width\): 0 um must be > 0/);
    expect(() => dieGrid({ ...ok, dieUm: [5000, -1] })).toThrow(/dieUm\[1\] \(die height\): -1 um must be > 0/);
    expect(() => dieGrid({ ...ok, dieUm: [NaN, 5000] })).toThrow(/dieUm\[0\].*finite number/);
    expect(() => dieGrid({ ...ok, streetUm: -5 })).toThrow(/streetUm: -5 um must be >= 0/);
    expect(() => dieGrid({ ...ok, streetUm: 0.0001 })).toThrow(/streetUm: 0.0001 um is not on the 1 nm grid/);
    expect(() => dieGrid({ ...ok, wafer: { diameterMm: -300 } })).toThrow(/wafer.diameterMm: -300 mm must be > 0/);
    expect(() => dieGrid({ ...ok, wafer: { diameterMm: 300, edgeExclusionMm: 150 } })).toThrow(/wafer.edgeExclusionMm/);
    expect(() => dieGrid({ ...ok, offset: 'best' as never })).toThrow(/offset: expected 'auto', 'symmetric'/);
    expect(() => dieGrid({ ...ok, offset: [1, NaN] })).toThrow(/offset\[1\]/);
    expect(() => dieGrid({ ...ok, extra: 1 } as never)).toThrow(/grid.extra: unknown key/);
    expect(() => dieGrid({ ...ok, dieUm: [0, 5000] })).toThrow(InputError);
    expect(() => exhaustiveOffsetSearch(ok, 0)).toThrow(/resolutionUm: 0 um must be > 0/);
  });
});

describe('reticle shots', () => {
  const grid = dieGrid({ wafer: W300, dieUm: [5000, 5000], streetUm: 80 });

  /** Shots holding a whole die for a phase, recounted from the sites (no prefix sums). */
  function shotsFor(g: GridResult, nx: number, ny: number, px: number, py: number): number {
    const s = new Set<string>();
    for (const d of g.sites) if (d.whole) s.add(`${Math.floor((d.col - px) / nx)},${Math.floor((d.row - py) / ny)}`);
    return s.size;
  }

  it('minimises shots holding a whole die, keeps every whole die exactly once', () => {
    const plan = reticleShots(grid, { cols: 5, rows: 6 });
    expect(plan.fieldSizeUm).toEqual([25400, 30480]);
    let min = Infinity;
    for (let py = 0; py < 6; py++) for (let px = 0; px < 5; px++) min = Math.min(min, shotsFor(grid, 5, 6, px, py));
    expect(plan.shots).toHaveLength(min);
    expect(shotsFor(grid, 5, 6, plan.phase[0], plan.phase[1])).toBe(min);
    const seen = new Set<string>();
    for (const s of plan.shots) {
      expect(s.wholeCount).toBeGreaterThanOrEqual(1);
      expect(s.wholeCount).toBe(s.sites.filter((d) => d.whole).length);
      for (const d of s.sites) {
        const k = `${d.col},${d.row}`;
        expect(seen.has(k)).toBe(false);
        seen.add(k);
        expect(Math.floor((d.col - plan.phase[0]) / 5)).toBe(s.col);
        expect(Math.floor((d.row - plan.phase[1]) / 6)).toBe(s.row);
      }
    }
    expect(plan.shots.reduce((a, s) => a + s.wholeCount, 0)).toBe(grid.count);
    expect(plan.shots.map((s) => s.id)).toEqual(plan.shots.map((_, i) => i + 1));
    // Field geometry: origin at the street centre below-left of the first die; centre half a field away.
    const s0 = plan.shots[0];
    expect(s0.centreUm[0] - s0.originUm[0]).toBeCloseTo(25400 / 2, 6);
    expect(s0.centreUm[1] - s0.originUm[1]).toBeCloseTo(30480 / 2, 6);
    const firstDie = grid.sites.find((d) => d.col === plan.phase[0] + 5 * s0.col && d.row === plan.phase[1] + 6 * s0.row);
    if (firstDie) expect(firstDie.xUm - 2500 - 40).toBeCloseTo(s0.originUm[0], 6);
  });

  it('serialises to CSV and JSON', () => {
    const plan = reticleShots(grid, { cols: 4, rows: 4 });
    const csv = shotsToCsv(plan).trim().split('\n');
    expect(csv[0]).toBe('shot,col,row,origin_x_um,origin_y_um,centre_x_um,centre_y_um,dies,whole_dies');
    expect(csv).toHaveLength(plan.shots.length + 1);
    const cells = csv[1].split(',').map(Number);
    expect(cells[0]).toBe(1);
    expect(cells[8]).toBe(plan.shots[0].wholeCount);
    const json = JSON.parse(shotsToJson(plan));
    expect(json.shots).toHaveLength(plan.shots.length);
    expect(json.shots[0].sites[0]).toHaveLength(3);
    expect(json.field).toEqual({ cols: 4, rows: 4 });
  });

  it('rejects a field larger than 26 x 33 mm with the numbers', () => {
    expect(() => reticleShots(grid, { cols: 6, rows: 6 })).toThrow(/reticle field 6 x 6 dies = 30.48 x 30.48 mm .* exceeds the 26 x 33 mm scanner field/);
    expect(() => reticleShots(grid, { cols: 5, rows: 7 })).toThrow(/25.4 x 35.56 mm/);
    expect(() => reticleShots(grid, { cols: 0, rows: 1 })).toThrow(/field.cols: 0 must be an integer >= 1/);
  });
});
