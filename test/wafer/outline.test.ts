import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { signedArea2 } from '../../src/core/polygon.ts';
import { compareProducts, dieIsWhole, dieTouchesUsable, isqrtDiffSquares, resolveWafer, usableOutlineRing, waferOutlineRing, wholeYRange } from '../../src/wafer/outline.ts';

describe('wafer outline', () => {
  it('resolves notch and flat; the notch is cut only when it pokes through the edge exclusion', () => {
    const a = resolveWafer({ diameterMm: 300, edgeExclusionMm: 3, notch: true });
    expect(a).toMatchObject({ diameterDbu: 300_000_000, edgeExclusionDbu: 3_000_000, usableDiameterDbu: 294_000_000, flat: null });
    expect(a.notch).toEqual({ depthDbu: 1_000_000, angleDeg: 90, cut: false });
    expect(resolveWafer({ diameterMm: 300, edgeExclusionMm: 1, notch: true }).notch!.cut).toBe(false); // e = depth: excluded
    expect(resolveWafer({ diameterMm: 300, edgeExclusionMm: 0.999, notch: true }).notch!.cut).toBe(true);
    // 150 mm SEMI flat 57.5 mm, 2 mm edge: distance sqrt(75^2 - 28.75^2) = 69.27075501 mm (hand: 5625 - 826.5625
    // = 4798.4375, sqrt = 69.270755), cut line 2 - 69.270755 = -67.270755 mm -> smallest whole nm above: -67 270 755.
    const f = resolveWafer({ diameterMm: 150, edgeExclusionMm: 2, flat: true });
    expect(f.flat).toEqual({ lengthDbu: 57_500_000, distanceDbu: 69_270_755, minYDbu: -67_270_755 });
    expect(resolveWafer({ diameterMm: 100, flat: true }).flat!.lengthDbu).toBe(32_500_000);
    expect(resolveWafer({ diameterMm: 300, flat: { lengthMm: 57.5 } }).flat!.lengthDbu).toBe(57_500_000);
  });

  it('rejects bad wafers naming the field', () => {
    expect(() => resolveWafer({ diameterMm: 0 })).toThrow(/wafer.diameterMm: 0 mm must be > 0/);
    expect(() => resolveWafer({ diameterMm: NaN })).toThrow(/wafer.diameterMm: expected a finite number/);
    expect(() => resolveWafer({ diameterMm: 200, edgeExclusionMm: -1 })).toThrow(/wafer.edgeExclusionMm: -1 mm must be >= 0/);
    expect(() => resolveWafer({ diameterMm: 200, notch: true, flat: true })).toThrow(/either notch or flat/);
    expect(() => resolveWafer({ diameterMm: 300, flat: true })).toThrow(/no SEMI flat length for a 300 mm wafer.*give flat.lengthMm/);
    expect(() => resolveWafer({ diameterMm: 200, flat: { lengthMm: 250 } })).toThrow(/wafer.flat.lengthMm: 250 mm must be shorter/);
    expect(() => resolveWafer({ diameterMm: 200, notch: { depthMm: -1 } })).toThrow(/wafer.notch.depthMm: -1 mm must be > 0/);
    expect(() => resolveWafer({ diameterMm: 200, notch: { angleDeg: 180 } })).toThrow(/wafer.notch.angleDeg: 180 must be in \(0, 180\)/);
    expect(() => resolveWafer({ diameterMm: 200, diameter: 3 } as never)).toThrow(/wafer.diameter: unknown key/);
    expect(() => resolveWafer({ diameterMm: 0 })).toThrow(InputError);
  });

  it('exact integer helpers', () => {
    // 3-4-5 scaled past 2^53: (3k)^2 + (4k)^2 = (5k)^2 with k = 6e7 (squares ~ 9e16).
    const k = 60_000_000;
    expect(isqrtDiffSquares(5 * k, 4 * k)).toBe(3 * k);
    // 25k^2 - (4k + 1)^2 = 9k^2 - 8k - 1, whose root is 3k - 1.33...
    expect(isqrtDiffSquares(5 * k, 4 * k + 1)).toBe(3 * k - 2);
    expect(compareProducts(3 * k, 3 * k, k, 9 * k)).toBe(0);
    expect(compareProducts(3 * k + 1, 3 * k, k, 9 * k)).toBe(1);
    expect(compareProducts(300_000_001, 300_000_001, 300_000_000, 300_000_002)).toBe(1); // n^2 vs n^2 - 1
  });

  it('whole-die predicate: corners on the circle count, one nm further does not', () => {
    // Usable diameter 10 mm (radius 5 mm). A die with its far corner at (3 mm, 4 mm) touches the circle.
    const o = resolveWafer({ diameterMm: 10 });
    expect(dieIsWhole(o, 1_000_000, 2_000_000, 3_000_000, 4_000_000)).toBe(true);
    expect(dieIsWhole(o, 1_000_000, 2_000_000, 3_000_001, 4_000_000)).toBe(false);
    expect(dieIsWhole(o, -3_000_000, -4_000_000, 0, 0)).toBe(true);
    expect(dieTouchesUsable(o, 3_000_000, 4_000_000, 4_000_000, 5_000_000)).toBe(false); // touches at a point only
    expect(dieTouchesUsable(o, 2_999_999, 3_999_999, 4_000_000, 5_000_000)).toBe(true);
    // Column interval agrees with the predicate for every bottom edge around its ends.
    for (const [x0, x1] of [[1_000_000, 3_000_000], [-500_000, 1_500_000], [-4_000_000, -2_000_001]]) {
      const r = wholeYRange(o, x0, x1, 2_000_000)!;
      for (const y of [r[0] - 1, r[0], r[1], r[1] + 1]) expect(dieIsWhole(o, x0, y, x1, y + 2_000_000)).toBe(y >= r[0] && y <= r[1]);
    }
  });

  it('notch V: a die over the axis must stay above the apex; beside it, above the V side', () => {
    // 20 mm wafer, edge 0.2 mm, SEMI notch (1 mm, 90 deg): apex at y = -9 mm; V interior |x| < -9 mm - y.
    const o = resolveWafer({ diameterMm: 20, edgeExclusionMm: 0.2, notch: true });
    expect(o.notch!.cut).toBe(true);
    expect(dieIsWhole(o, -500_000, -9_000_000, 500_000, -8_000_000)).toBe(true); // bottom edge on the apex
    expect(dieIsWhole(o, -500_000, -9_000_001, 500_000, -8_000_001)).toBe(false);
    // A die from x = 0.3 mm: the V side at x = 0.3 mm is y = -9.3 mm.
    expect(dieIsWhole(o, 300_000, -9_300_000, 800_000, -8_800_000)).toBe(true);
    expect(dieIsWhole(o, 300_000, -9_300_001, 800_000, -8_800_001)).toBe(false);
    // The same die without the notch cut (edge 1 mm) fails only on the disc (radius 9 mm).
    const o2 = resolveWafer({ diameterMm: 20, edgeExclusionMm: 1, notch: true });
    expect(dieIsWhole(o2, -500_000, -8_900_000, 500_000, -8_000_000)).toBe(true);
  });

  it('flat cut: the bottom edge must be on or above the cut line', () => {
    const o = resolveWafer({ diameterMm: 150, edgeExclusionMm: 2, flat: true });
    expect(dieIsWhole(o, -1_000_000, -67_270_755, 1_000_000, -65_000_000)).toBe(true);
    expect(dieIsWhole(o, -1_000_000, -67_270_756, 1_000_000, -65_000_000)).toBe(false);
  });

  it('outline rings: counter-clockwise, on the circle, with the flat or the notch at the bottom', () => {
    for (const spec of [{ diameterMm: 200 }, { diameterMm: 150, flat: true }, { diameterMm: 200, notch: true }]) {
      const o = resolveWafer(spec);
      const ring = waferOutlineRing(o, 360);
      expect(signedArea2(ring)).toBeGreaterThan(0);
      const R = o.diameterDbu / 2;
      let minY = Infinity;
      for (let i = 0; i < ring.length; i += 2) {
        const r = Math.hypot(ring[i], ring[i + 1]);
        expect(r).toBeLessThanOrEqual(R + 1);
        minY = Math.min(minY, ring[i + 1]);
      }
      const area = signedArea2(ring) / 2;
      const disc = Math.PI * R * R;
      expect(area / disc).toBeGreaterThan(0.97);
      expect(area / disc).toBeLessThan(1);
      if ('flat' in spec) expect(minY).toBe(-o.flat!.distanceDbu);
    }
    const n = resolveWafer({ diameterMm: 200, edgeExclusionMm: 0.5, notch: true });
    const u = usableOutlineRing(n, 360);
    expect(u.includes(-99_000_000)).toBe(true); // the notch apex at y = -(100 - 1) mm
  });
});
