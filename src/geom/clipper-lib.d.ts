/**
 * Minimal types for clipper-lib 6.4.2 (the package ships none): only what src/geom/clipper.ts uses.
 * Coordinates are integers; points are plain { X, Y } objects (clipper-lib copies them on AddPath).
 */
declare module 'clipper-lib' {
  namespace ClipperLib {
    interface IntPoint {
      X: number;
      Y: number;
    }
    type Path = IntPoint[];
    type Paths = Path[];

    class PolyNode {
      Contour(): Path;
      Childs(): PolyNode[];
      ChildCount(): number;
      Parent(): PolyNode | null;
      IsHole(): boolean;
      IsOpen: boolean;
    }
    class PolyTree extends PolyNode {
      Total(): number;
      Clear(): void;
    }

    class Clipper {
      constructor(initOptions?: number);
      StrictlySimple: boolean;
      PreserveCollinear: boolean;
      ReverseSolution: boolean;
      AddPath(path: Path, polyType: number, closed: boolean): boolean;
      AddPaths(paths: Paths, polyType: number, closed: boolean): boolean;
      Execute(clipType: number, solution: Paths | PolyTree, subjFillType: number, clipFillType: number): boolean;
      static Area(path: Path): number;
      static Orientation(path: Path): boolean;
    }

    class ClipperOffset {
      constructor(miterLimit?: number, arcTolerance?: number);
      MiterLimit: number;
      ArcTolerance: number;
      AddPath(path: Path, joinType: number, endType: number): void;
      AddPaths(paths: Paths, joinType: number, endType: number): void;
      Execute(solution: Paths | PolyTree, delta: number): void;
    }

    const ClipType: { ctIntersection: 0; ctUnion: 1; ctDifference: 2; ctXor: 3 };
    const PolyType: { ptSubject: 0; ptClip: 1 };
    const PolyFillType: { pftEvenOdd: 0; pftNonZero: 1; pftPositive: 2; pftNegative: 3 };
    const JoinType: { jtSquare: 0; jtRound: 1; jtMiter: 2 };
    const EndType: { etOpenSquare: 0; etOpenRound: 1; etOpenButt: 2; etClosedLine: 3; etClosedPolygon: 4 };
    const ClipperBase: { loRange: number; hiRange: number };
    /** clipper-lib's error path: throws and catches an Error, then calls the global `alert()`. */
    function Error(message: string): void;
  }
  export default ClipperLib;
}
