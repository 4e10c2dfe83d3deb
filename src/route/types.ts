/**
 * Router input and output types. Input lengths are integer dbu (1 nm), origin at the die centre;
 * output figures for people (path vertices, lengths) are micrometres, named `...Um`.
 */
import type { Diagnostic } from '../core/errors.ts';
import type { Dbu } from '../core/units.ts';
import type { Technology } from '../tech/types.ts';

/** A die pad: centre and size of the pad opening (dbu). Structurally a design PadDef. */
export interface RoutePad {
  readonly name: string;
  readonly net: string;
  readonly x: Dbu;
  readonly y: Dbu;
  readonly w: Dbu;
  readonly h: Dbu;
}

/** A bump (ball) site: centre (dbu); `net` fixes the ball's net (a bump map), else the router assigns. */
export interface RouteBump {
  readonly name: string;
  readonly x: Dbu;
  readonly y: Dbu;
  readonly net?: string;
}

export interface RouteOptions {
  /**
   * 'auto' (default): pads without a mapped ball get one, crossing-free in angular order with the
   * least total octilinear length; bumps that carry a `net` keep it. 'fixed' (alias 'map'): only the
   * bumps' nets count; a pad whose net has no ball, or a ball whose net has no pad, is reported.
   */
  readonly assignment?: 'auto' | 'fixed' | 'map';
  /** Plating ties from every routed net to the nearest die edge; width in dbu (<= the trace width). */
  readonly ties?: { readonly width: Dbu };
  /** Most negotiated-congestion rounds (default 40). */
  readonly maxIterations?: number;
  /** Wall-clock budget for the whole run, ms (default 60,000); the router stops negotiating then. */
  readonly timeLimitMs?: number;
  /**
   * Metal layer name of the technology the routes are drawn on (default 'RDL'); the landing pads over
   * the die pads and the capture pads at the balls are drawn on it too. In a two-metal technology
   * (construction.topMetal 'RDL2') the bump cells put their capture pads on RDL2: routing on 'RDL'
   * then needs a VIA2 at each ball, routing on 'RDL2' one at each die pad (not drawn by the router).
   */
  readonly layer?: string;
  /** Grid pitch, dbu (default: trace width + space, the smallest that keeps the space by construction). */
  readonly gridPitch?: Dbu;
  /** Vertices of a capture-pad circle (multiple of 8, default 64); ignored with `capturePolygon`. */
  readonly circleVertices?: number;
  /**
   * The capture pad exactly as the bump cell draws it on the routing layer (a convex ring centred on
   * the origin, dbu). When the die also carries bump cells with their own capture pad on this layer,
   * pass that ring: the router then keeps its space from the metal that is really drawn and draws
   * the identical polygon. Default: a circumscribed 64-gon of construction.capture.diameter.
   */
  readonly capturePolygon?: ArrayLike<number>;
}

export interface RouteProblem {
  /** Die size (dbu); the die is centred on the origin. */
  readonly die: { readonly width: Dbu; readonly height: Dbu };
  readonly pads: readonly RoutePad[];
  readonly bumps: readonly RouteBump[];
  readonly tech: Technology;
  /**
   * Metal keep-out band along the die edge, dbu. Default: seal inset + seal width + RDL space
   * (tech.construction.seal and .rdl): no routed metal comes nearer the die edge (ties excepted).
   */
  readonly keepOut?: Dbu;
  readonly options?: RouteOptions;
}

/** A cut that bounds how many nets can cross it (a rectangle of grid lines around the die centre). */
export interface CutReport {
  /** The rectangle's corners, um. */
  readonly boxUm: [number, number, number, number];
  /** Nets with a terminal inside the rectangle and one outside. */
  readonly demand: number;
  /** Free grid nodes on the rectangle: each crossing route occupies at least one, each node serves one net. */
  readonly capacity: number;
}

export interface NetRoute {
  readonly net: string;
  readonly pads: string[];
  readonly bumps: string[];
  /** Centrelines, one polyline per connection (pin to pin), um, collinear runs merged. */
  readonly paths: [number, number][][];
  /** Drawn centreline length of the connections (pin centre to pin centre), um. */
  readonly lengthUm: number;
  /** Octilinear lower bound: the octilinear minimum spanning tree of the net's pin centres, um. */
  readonly lowerBoundUm: number;
  readonly routed: boolean;
  /** Why the net is not (completely) routed. */
  readonly reason?: string;
  /** The plating tie (um polyline, ending on the die edge), when ties were asked for and one was found. */
  readonly tie?: [number, number][];
  /** Why no tie could be drawn (ties asked for only). */
  readonly tieReason?: string;
  /** The net's metal, merged: GDS-ready rings (dbu, holes keyholed), one per island. */
  readonly polygons: Int32Array[];
}

export interface RouteTimings {
  setupMs: number;
  assignMs: number;
  routeMs: number;
  tiesMs: number;
  outputMs: number;
  totalMs: number;
}

export interface RouteResult {
  readonly nets: NetRoute[];
  /** Nets completely routed / not. */
  readonly routed: number;
  readonly failed: number;
  /** Sum of routed nets' lengths and of their lower bounds, um; ratio = wirelength / lower bound. */
  readonly wirelengthUm: number;
  readonly lowerBoundUm: number;
  readonly ratio: number;
  /** Plating ties: asked for, drawn, nets without one. */
  readonly ties: { readonly requested: boolean; readonly routed: number; readonly failed: string[] };
  /** Pads and bumps left without a partner (names). */
  readonly unassigned: { readonly pads: string[]; readonly bumps: string[] };
  /** The tightest ring cut around the die centre (highest demand / capacity): the channel capacity argument. */
  readonly tightestCut?: CutReport;
  readonly iterations: number;
  readonly grid: { readonly pitchUm: number; readonly nx: number; readonly ny: number };
  /** Layer the polygons belong on (a technology layer name). */
  readonly layer: string;
  /** Net-name labels at the bump centres (dbu), for the TEXT layer. */
  readonly labels: { readonly text: string; readonly x: Dbu; readonly y: Dbu }[];
  /** Metal of pins outside every net (unassigned pads' landing pads, no-connect balls' capture pads), dbu rings. */
  readonly orphanPolygons: Int32Array[];
  readonly diagnostics: Diagnostic[];
  readonly timings: RouteTimings;
}
