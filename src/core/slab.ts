/**
 * A slab allocator for vertex arrays: small Int32Arrays are carved as views out of shared 4 MB
 * buffers instead of each owning an ArrayBuffer (~100 bytes of overhead each, and GC pressure).
 * A flat library of a million polygons costs ~100 MB less this way. Views are never freed
 * individually; a slab lives as long as any view into it.
 */
const SLAB_INTS = 1 << 20;
let slab = new Int32Array(SLAB_INTS);
let used = 0;

/** A zero-filled Int32Array of `length` elements (a view into a shared slab when small). */
export function allocInts(length: number): Int32Array {
  if (length > SLAB_INTS >> 4) return new Int32Array(length);
  if (used + length > slab.length) {
    slab = new Int32Array(SLAB_INTS);
    used = 0;
  }
  const view = slab.subarray(used, used + length);
  used += length;
  return view;
}

/** Copies `values` (numbers already checked) into a slab-backed Int32Array. */
export function intsFrom(values: ArrayLike<number>): Int32Array {
  const out = allocInts(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
