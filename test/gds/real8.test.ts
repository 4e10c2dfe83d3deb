import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeReal8, real8Bytes } from '../../src/io/gds/real8.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

describe('GDSII 8-byte real', () => {
  it('encodes the UNITS values exactly as the GDSII spec examples', () => {
    expect(hex(real8Bytes(1e-3))).toBe('3E4189374BC6A7F0');
    expect(hex(real8Bytes(1e-9))).toBe('3944B82FA09B5A54');
    expect(hex(real8Bytes(1))).toBe('4110000000000000');
    expect(hex(real8Bytes(-1))).toBe('C110000000000000');
    expect(hex(real8Bytes(0))).toBe('0000000000000000');
    expect(hex(real8Bytes(90))).toBe('425A000000000000');
  });

  it('normalises the mantissa: the first hex digit of the mantissa is never 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-70, max: 1e70, noNaN: true }), (v) => {
        const b = real8Bytes(v);
        expect(b[1] >> 4).not.toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every double in range bit for bit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e70, max: 1e70, noNaN: true, noDefaultInfinity: true }), (v) => {
        if (v !== 0 && Math.abs(v) < 1e-70) return;
        expect(Object.is(decodeReal8(real8Bytes(v), 0), v === 0 ? 0 : v)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects values a GDSII real cannot hold', () => {
    expect(() => real8Bytes(Infinity)).toThrow(/not finite/);
    expect(() => real8Bytes(NaN)).toThrow(/not finite/);
    expect(() => real8Bytes(1e80)).toThrow(/outside the representable range/);
  });
});
