import { describe, expect, it } from 'vitest';
import { exhaustiveOffsetSearch } from '../../src/wafer/grid.ts';
import { wlpgen } from '../helpers/cli.ts';

describe('wlpgen dpw', () => {
  it('prints the most whole dies and the offset; the count is what an exhaustive search over offsets finds', () => {
    const r = wlpgen(['dpw', '--wafer', '300', '--die', '10x10', '--street', '0.1', '--edge', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.wholeDies).toBe(616);
    expect(j.centered).toBe(597);
    const brute = exhaustiveOffsetSearch({ wafer: { diameterMm: 300, edgeExclusionMm: 3 }, dieUm: [10000, 10000], streetUm: 100 }, 101, { extraOffsetsUm: [j.offsetUm] });
    expect(brute.count).toBe(j.wholeDies);
  });

  it('notched 200 mm wafer with a non-square die, human-readable', () => {
    const r = wlpgen(['dpw', '--wafer', '200', '--die', '7.3x3.1', '--street', '0.09', '--notch']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/whole dies: \d+/);
    expect(r.stdout).toMatch(/notch/);
  });

  it('bad arguments exit 2 naming the option and what is allowed', () => {
    let r = wlpgen(['dpw', '--wafer', '300', '--die', '5y5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--die: "5y5" is not allowed \(allowed: <width>x<height> in millimetres/);
    r = wlpgen(['dpw', '--wafer', '-300', '--die', '5x5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--wafer: -300 is not allowed/);
    r = wlpgen(['dpw', '--die', '5x5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Missing required argument: wafer/);
  });
});
