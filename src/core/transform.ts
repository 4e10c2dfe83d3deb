/**
 * GDSII transforms. Order of application to a point p (as the GDSII STRANS/ANGLE/MAG records define):
 * 1. mirror about the x axis when `mirrorX` (y -> -y), 2. rotate counter-clockwise by `rotation` degrees,
 * 3. multiply by `magnification`, 4. translate by (x, y) in dbu.
 * Quarter-turn rotations with magnification 1 are applied exactly in integers; any other transform is
 * applied in floating point and rounded to the nearest dbu once, at the end.
 */
import { InputError } from './errors.ts';

export interface TransformLike {
  /** Translation x, dbu. */
  x?: number;
  /** Translation y, dbu. */
  y?: number;
  /** Counter-clockwise rotation in degrees (any real value; normalised into [0, 360)). */
  rotation?: number;
  /** Magnification, > 0. */
  magnification?: number;
  /** Mirror about the x axis before rotating. */
  mirrorX?: boolean;
}

const QUARTER_COS = [1, 0, -1, 0];
const QUARTER_SIN = [0, 1, 0, -1];

export class Transform {
  readonly x: number;
  readonly y: number;
  /** Degrees, normalised into [0, 360). */
  readonly rotation: number;
  readonly magnification: number;
  readonly mirrorX: boolean;
  private readonly cos: number;
  private readonly sin: number;
  /** Quarter turns (0..3) when the rotation is a multiple of 90 degrees, else -1. */
  readonly quarterTurns: number;

  static readonly IDENTITY = new Transform();

  constructor(t: TransformLike = {}) {
    const x = t.x ?? 0;
    const y = t.y ?? 0;
    const magnification = t.magnification ?? 1;
    let rotation = t.rotation ?? 0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new InputError('E_TRANSFORM', `transform: translation (${x}, ${y}) must be finite`);
    if (!Number.isFinite(rotation)) throw new InputError('E_TRANSFORM', `transform: rotation ${rotation} must be a finite number of degrees`);
    if (!(magnification > 0) || !Number.isFinite(magnification)) {
      throw new InputError('E_TRANSFORM', `transform: magnification ${magnification} must be a finite number > 0`);
    }
    rotation = ((rotation % 360) + 360) % 360;
    if (rotation === 360) rotation = 0;
    // '+ 0' turns -0 into 0, so equal placements compare equal and write identical bytes.
    this.x = x + 0;
    this.y = y + 0;
    this.rotation = rotation;
    this.magnification = magnification;
    this.mirrorX = t.mirrorX ?? false;
    const quarter = rotation / 90;
    this.quarterTurns = Number.isInteger(quarter) ? quarter : -1;
    if (this.quarterTurns >= 0) {
      this.cos = QUARTER_COS[this.quarterTurns];
      this.sin = QUARTER_SIN[this.quarterTurns];
    } else {
      this.cos = Math.cos((rotation * Math.PI) / 180);
      this.sin = Math.sin((rotation * Math.PI) / 180);
    }
  }

  static translate(x: number, y: number): Transform {
    return new Transform({ x, y });
  }

  /** True when this transform maps integer points to integer points exactly (quarter turns, mag 1, integer shift). */
  get isExact(): boolean {
    return this.quarterTurns >= 0 && this.magnification === 1 && Number.isInteger(this.x) && Number.isInteger(this.y);
  }

  get isIdentity(): boolean {
    return this.x === 0 && this.y === 0 && this.rotation === 0 && this.magnification === 1 && !this.mirrorX;
  }

  /** Applies the transform to one point; the result is not rounded. */
  apply(px: number, py: number): [number, number] {
    const my = this.mirrorX ? -py : py;
    const m = this.magnification;
    return [this.x + m * (this.cos * px - this.sin * my), this.y + m * (this.sin * px + this.cos * my)];
  }

  /**
   * Applies the transform to flat coordinates [x0, y0, x1, y1, ...] and returns a new Int32Array,
   * rounded to the nearest dbu (exact for quarter turns with magnification 1).
   */
  applyToCoords(coords: ArrayLike<number>): Int32Array {
    const n = coords.length;
    const out = new Int32Array(n);
    const { cos, sin, x, y } = this;
    const m = this.magnification;
    const sy = this.mirrorX ? -1 : 1;
    if (this.isExact) {
      for (let i = 0; i < n; i += 2) {
        const px = coords[i];
        const py = coords[i + 1] * sy;
        out[i] = x + cos * px - sin * py;
        out[i + 1] = y + sin * px + cos * py;
      }
    } else {
      for (let i = 0; i < n; i += 2) {
        const px = coords[i];
        const py = coords[i + 1] * sy;
        out[i] = Math.round(x + m * (cos * px - sin * py));
        out[i + 1] = Math.round(y + m * (sin * px + cos * py));
      }
    }
    return out;
  }

  /** The transform that applies `inner` first and then this one (this o inner). */
  compose(inner: Transform): Transform {
    const [x, y] = this.apply(inner.x, inner.y);
    return new Transform({
      x,
      y,
      rotation: this.rotation + (this.mirrorX ? -inner.rotation : inner.rotation),
      magnification: this.magnification * inner.magnification,
      mirrorX: this.mirrorX !== inner.mirrorX,
    });
  }

  /** The same transform with an extra translation applied after it. */
  translated(dx: number, dy: number): Transform {
    return new Transform({ x: this.x + dx, y: this.y + dy, rotation: this.rotation, magnification: this.magnification, mirrorX: this.mirrorX });
  }

  /** Whether the transform reverses orientation (mirror), which flips polygon winding. */
  get flipsOrientation(): boolean {
    return this.mirrorX;
  }

  equals(o: Transform): boolean {
    return this.x === o.x && this.y === o.y && this.rotation === o.rotation && this.magnification === o.magnification && this.mirrorX === o.mirrorX;
  }

  toString(): string {
    const parts = [`(${this.x}, ${this.y})`];
    if (this.rotation) parts.push(`r${this.rotation}`);
    if (this.magnification !== 1) parts.push(`m${this.magnification}`);
    if (this.mirrorX) parts.push('mx');
    return parts.join(' ');
  }
}
