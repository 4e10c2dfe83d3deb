/**
 * GDSII 8-byte real: sign bit, 7-bit excess-64 base-16 exponent, 56-bit mantissa m with
 * value = (-1)^s * m / 2^56 * 16^(e - 64) and 1/16 <= m / 2^56 < 1. Encoding is exact: a double's
 * 53-bit significand always fits the 56-bit mantissa after a shift of at most 3 bits.
 */

const scratch = new DataView(new ArrayBuffer(8));

/** Writes `value` as an 8-byte GDSII real into `out` at `offset`. Throws RangeError when unrepresentable. */
export function encodeReal8(value: number, out: Uint8Array, offset: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`GDSII real: ${value} is not finite`);
  if (value === 0) {
    out.fill(0, offset, offset + 8);
    return;
  }
  scratch.setFloat64(0, value);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const sign = hi >>> 31;
  const biased = (hi >>> 20) & 0x7ff;
  // Significand M (53 bits for normal numbers) and binary exponent E with |value| = M * 2^(E - 52).
  let mHi = hi & 0xfffff;
  let mLo = lo;
  let e2: number;
  if (biased === 0) {
    // Subnormal double: far below the smallest GDSII real (16^-65); treat as an error.
    throw new RangeError(`GDSII real: ${value} is too small to represent`);
  } else {
    mHi |= 0x100000;
    e2 = biased - 1023;
  }
  // Choose the base-16 exponent e with 16^(e-1) <= |value| < 16^e: |value| in [2^e2, 2^(e2+1)).
  const e16 = Math.floor(e2 / 4) + 1;
  // Mantissa (56 bits) = M * 2^(e2 + 4 - 4 * e16); the shift lies in 0..3.
  const shift = e2 + 4 - 4 * e16;
  const exponent = e16 + 64;
  if (exponent < 0 || exponent > 127) throw new RangeError(`GDSII real: ${value} is outside the representable range`);
  // 53-bit M as mHi (21 bits) : mLo (32 bits), shifted left by `shift` into 56 bits = 24 : 32.
  const newHi = ((mHi << shift) | (shift ? mLo >>> (32 - shift) : 0)) >>> 0;
  const newLo = (mLo << shift) >>> 0;
  out[offset] = (sign << 7) | exponent;
  out[offset + 1] = (newHi >>> 16) & 0xff;
  out[offset + 2] = (newHi >>> 8) & 0xff;
  out[offset + 3] = newHi & 0xff;
  out[offset + 4] = newLo >>> 24;
  out[offset + 5] = (newLo >>> 16) & 0xff;
  out[offset + 6] = (newLo >>> 8) & 0xff;
  out[offset + 7] = newLo & 0xff;
}

/** Reads an 8-byte GDSII real from `bytes` at `offset`, correctly rounded to a double. */
export function decodeReal8(bytes: Uint8Array, offset: number): number {
  const b0 = bytes[offset];
  const sign = b0 & 0x80 ? -1 : 1;
  const exponent = (b0 & 0x7f) - 64;
  const hi = (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
  const lo = ((bytes[offset + 4] << 24) | (bytes[offset + 5] << 16) | (bytes[offset + 6] << 8) | bytes[offset + 7]) >>> 0;
  if (hi === 0 && lo === 0) return 0;
  // hi * 2^32 is exact; adding lo rounds once to 53 bits; the power-of-two scale is exact.
  const mantissa = hi * 4294967296 + lo;
  return sign * mantissa * Math.pow(2, 4 * exponent - 56);
}

/** The 8 bytes of a real, for tests and messages. */
export function real8Bytes(value: number): Uint8Array {
  const out = new Uint8Array(8);
  encodeReal8(value, out, 0);
  return out;
}
