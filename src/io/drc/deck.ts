/**
 * KLayout DRC deck export: the technology's rules as a KLayout DRC script (Ruby DSL), so a user can
 * re-run wlpgen's checks inside KLayout on any layout:
 *
 *   klayout -b -r deck.drc -rd input=layout.gds -rd report=out.lyrdb [-rd topcell=NAME] [-rd deep=1]
 *
 * (or load it in KLayout's macro editor and run it on the open layout). The deck implements the same
 * check list and semantics as src/verify (see DRC_SEMANTICS there) and counts the same way: every
 * rule's markers are merged and each merged polygon is one report item, so the number of items per
 * category equals wlpgen's violation count per rule (test/verify/agreement.test.ts runs both).
 *
 * Checks the DSL has no single call for (bump pitch, seal-ring centre distance, die extents, via
 * fraction) are written as small Ruby loops over merged polygons, with the same formulas as the
 * TypeScript checker. Lengths are written in micrometres (exact to 1 nm) and converted to the
 * layout's dbu inside the script, so layouts with another dbu check correctly too.
 */
import type { Technology } from '../../tech/types.ts';
import { defaultStack } from '../../verify/connectivity.ts';
import { checkRules, COUNTING_CONVENTION, DRC_SEMANTICS, type CheckRule, type RuleOptions } from '../../verify/rules.ts';

export interface DeckOptions extends RuleOptions {
  /** Default hierarchical mode ('deep'); `-rd deep=1` / `-rd deep=0` overrides at run time. Default false (flat). */
  deep?: boolean;
}

/** Micrometres from 1 nm dbu, as an exact decimal literal. */
function um(dbu: number): string {
  return (dbu / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}

/** Ruby float literal of a number of micrometres (always with a decimal point). */
function umf(dbu: number): string {
  const s = um(dbu);
  return s.includes('.') ? s : `${s}.0`;
}

function rubyString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/#/g, '\\#')}"`;
}

/** A Ruby variable name for a layer name ('T1.RDL' -> l_t1_rdl). */
export function layerVar(name: string): string {
  return 'l_' + name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

const METRIC: Record<string, string> = { euclidean: 'euclidian', projection: 'projection', square: 'square' };

const HELPERS = `
# ---- helpers (plain Ruby on merged polygons; same formulas as wlpgen's checker) ----
def wl_d(v_um)
  (v_um / dbu).round
end

# Convex hull of integer points [[x, y], ...] as an RBA::Polygon.
def wl_hull(pts)
  p = pts.uniq.sort
  return RBA::Polygon::new(p.map { |x, y| RBA::Point::new(x, y) }) if p.size < 3
  cross = lambda { |o, a, b| (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]) }
  lower = []
  p.each { |q| lower.pop while lower.size >= 2 && cross.call(lower[-2], lower[-1], q) <= 0; lower << q }
  upper = []
  p.reverse.each { |q| upper.pop while upper.size >= 2 && cross.call(upper[-2], upper[-1], q) <= 0; upper << q }
  RBA::Polygon::new((lower[0..-2] + upper[0..-2]).map { |x, y| RBA::Point::new(x, y) })
end

# A 2 dbu box around a (possibly half-integer) point, as corner points.
def wl_pt_box(x, y)
  x0 = x.floor - 1; y0 = y.floor - 1; x1 = x.ceil + 1; y1 = y.ceil + 1
  [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
end

def wl_centres(layer)
  cs = []
  layer.data.each_merged { |poly| b = poly.bbox; cs << [(b.left + b.right) / 2.0, (b.bottom + b.top) / 2.0] }
  cs
end

def wl_emit(region, id, desc)
  DRC::DRCLayer::new(self, region).merged.output(id, desc)
end

# Bump pitch: minimum (pairs closer than p) or exact (pairs closer than 1.5 p whose |dx| and |dy| are
# not each 0 or p within tol). Marker: the hull of 2 dbu boxes at both centres.
def wl_pitch(layer, p_um, tol_um, exact, id, desc)
  p = wl_d(p_um).to_f; tol = wl_d(tol_um).to_f
  range = exact ? 1.5 * p : p
  cs = wl_centres(layer)
  grid = {}
  cs.each_with_index { |c, i| (grid[[(c[0] / range).floor, (c[1] / range).floor]] ||= []) << i }
  near = lambda { |v, t| ((v.abs - t).abs <= tol) }
  out = RBA::Region::new
  cs.each_with_index do |c, i|
    gx = (c[0] / range).floor; gy = (c[1] / range).floor
    (-1..1).each do |ox|
      (-1..1).each do |oy|
        (grid[[gx + ox, gy + oy]] || []).each do |j|
          next if j <= i
          dx = cs[j][0] - c[0]; dy = cs[j][1] - c[1]
          next unless Math.hypot(dx, dy) < range
          bad = exact ? !((near.call(dx, 0) || near.call(dx, p)) && (near.call(dy, 0) || near.call(dy, p))) : true
          out.insert(wl_hull(wl_pt_box(c[0], c[1]) + wl_pt_box(cs[j][0], cs[j][1]))) if bad
        end
      end
    end
  end
  wl_emit(out, id, desc)
end

# Die extent: merged polygons of layer interacting other, bounding box [short, long] vs [s, l].
def wl_extent(layer, other, s_um, l_um, max, id, desc)
  s = wl_d(s_um); l = wl_d(l_um)
  out = RBA::Region::new
  layer.interacting(other).data.each_merged do |poly|
    b = poly.bbox
    sh = [b.width, b.height].min; lo = [b.width, b.height].max
    bad = max ? (sh > s || lo > l) : (sh < s || lo < l)
    out.insert(b) if bad
  end
  wl_emit(out, id, desc)
end

def wl_point_in(pts, x, y)
  inside = false
  j = pts.size - 1
  pts.each_with_index do |pi, i|
    pj = pts[j]
    if (pi.y > y) != (pj.y > y) && x < (pj.x - pi.x).to_f * (y - pi.y) / (pj.y - pi.y) + pi.x
      inside = !inside
    end
    j = i
  end
  inside
end

def wl_seg_dist(px, py, ax, ay, bx, by)
  dx = bx - ax; dy = by - ay
  l2 = dx * dx + dy * dy
  t = l2 == 0 ? 0.0 : ((px - ax) * dx + (py - ay) * dy).to_f / l2
  t = 0.0 if t < 0
  t = 1.0 if t > 1
  Math.hypot(ax + t * dx - px, ay + t * dy - py)
end

# Seal ring, centre form: bounding-box centre of each merged polygon inside a seal hull must be at
# least v from the hull edge.
def wl_seal_centre(layer, seal, v_um, id, desc)
  v = wl_d(v_um)
  hulls = []
  seal.hulls.data.each { |h| pts = []; h.each_point_hull { |q| pts << q }; hulls << pts }
  out = RBA::Region::new
  wl_centres(layer).each do |cx, cy|
    best = nil
    hulls.each do |pts|
      next unless wl_point_in(pts, cx, cy)
      pts.each_with_index do |q, i|
        r = pts[(i + 1) % pts.size]
        d = wl_seg_dist(cx, cy, q.x, q.y, r.x, r.y)
        best = d if best.nil? || d < best
      end
    end
    out.insert(wl_hull(wl_pt_box(cx, cy))) if best && best < v
  end
  wl_emit(out, id, desc)
end

# Nets for differentNetsOnly checks (KLayout's netter, connected as wlpgen's conductor stack).
def wl_edge_net(l2n, region, e)
  dx = e.p2.x - e.p1.x; dy = e.p2.y - e.p1.y
  len = Math.hypot(dx, dy)
  return nil if len == 0
  mx = (e.p1.x + e.p2.x) / 2.0; my = (e.p1.y + e.p2.y) / 2.0
  # The interior is on the right of a polygon edge: probe just inside.
  [1, 2, 4, 8].each do |k|
    n = l2n.probe_net(region, RBA::Point::new((mx + dy / len * k).round, (my - dx / len * k).round))
    return n.cluster_id if n
  end
  nil
end

def wl_point_net(l2n, region, p)
  c = p.bbox.center
  n = p.inside?(c) ? l2n.probe_net(region, c) : nil
  p.each_edge { |e| n ||= (id = wl_edge_net(l2n, region, e)) ? id : nil; break if n } unless n
  n.is_a?(Integer) ? n : (n ? n.cluster_id : nil)
end

# Separation with no overlap, counted only between polygons on different nets.
def wl_separation_nets(a, b, d_um, metric, id, desc)
  netlist
  l2n = l2n_data
  out = RBA::Region::new
  a.separation(b, d_um.um, metric).data.each do |ep|
    na = wl_edge_net(l2n, a.data, ep.first)
    nb = wl_edge_net(l2n, b.data, ep.second)
    next if na && nb && na == nb
    out.insert(ep.polygon(1))
  end
  a.and(b).data.each do |p|
    na = wl_point_net(l2n, a.data, p)
    nb = wl_point_net(l2n, b.data, p)
    next if na && nb && na == nb
    out.insert(p)
  end
  wl_emit(out, id, desc)
end

# Via fraction: merged polygon area / disc of its bounding-box long side.
def wl_fraction(layer, f, id, desc)
  out = RBA::Region::new
  layer.data.each_merged do |poly|
    b = poly.bbox
    l = [b.width, b.height].max.to_f
    out.insert(b) if poly.area / (Math::PI / 4 * l * l) < f
  end
  wl_emit(out, id, desc)
end
`;

function ruleComment(r: CheckRule): string {
  return `# ${r.id}: ${r.description}`;
}

/** Ruby for one rule (assumes the layer variables exist). */
function ruleLines(r: CheckRule): string[] {
  const id = rubyString(r.id);
  const desc = rubyString(`${r.description} [wlpgen ${r.kind}]`);
  const L = layerVar;
  const out = (expr: string) => `${expr}.merged.output(${id}, ${desc})`;
  switch (r.kind) {
    case 'width': {
      const check = `${L(r.layer)}.width(${umf(r.value)}.um, ${METRIC[r.metric]}).polygons(1.dbu)`;
      return [r.overlapping ? `${check}.merged.overlapping(${L(r.overlapping)}).output(${id}, ${desc})` : out(check)];
    }
    case 'maxWidth':
      return [out(`${L(r.layer)}.with_bbox_min(${umf(r.value)}.um + 1.dbu, nil)`)];
    case 'space':
      return [out(`${L(r.layer)}.space(${umf(r.value)}.um, ${METRIC[r.metric]}).polygons(1.dbu)`)];
    case 'wideSpace': {
      const h = Math.floor(r.wideWidth / 2);
      return [
        `wl_wide = ${L(r.layer)}.sized(-${umf(h)}.um).sized(${umf(h)}.um)`,
        out(`wl_wide.space(${umf(r.value)}.um, projection, projection_limits(${umf(r.runLength)}.um + 1.dbu, nil)).polygons(1.dbu)`),
      ];
    }
    case 'area':
      return [out(`${L(r.layer)}.with_area(nil, ${(r.value / 1e6).toString().includes('.') ? r.value / 1e6 : `${r.value / 1e6}.0`})`)];
    case 'enclosure': {
      const inner = r.noStraddle ? `${L(r.inner)}.overlapping(${L(r.outer)})` : L(r.inner);
      return [`wl_in = ${inner}`, out(`(${L(r.outer)}.enclosing(wl_in, ${umf(r.value)}.um, ${METRIC[r.metric]}).polygons(1.dbu) + wl_in.not(${L(r.outer)}))`)];
    }
    case 'separation':
      if (r.differentNetsOnly) return [`wl_separation_nets(${L(r.a)}, ${L(r.b)}, ${umf(r.value)}, ${METRIC[r.metric]}, ${id}, ${desc})`];
      return [out(`(${L(r.a)}.separation(${L(r.b)}, ${umf(r.value)}.um, ${METRIC[r.metric]}).polygons(1.dbu) + ${L(r.a)}.and(${L(r.b)}))`)];
    case 'pitch':
      return [`wl_pitch(${L(r.layer)}, ${umf(r.value)}, ${umf(r.tolerance)}, ${r.exact}, ${id}, ${desc})`];
    case 'extent':
      return [`wl_extent(${L(r.layer)}, ${L(r.interacting)}, ${umf(r.value[0])}, ${umf(r.value[1])}, ${r.max}, ${id}, ${desc})`];
    case 'sealDistance':
      if (r.from === 'centre') return [`wl_seal_centre(${L(r.layer)}, ${L(r.seal)}, ${umf(r.value)}, ${id}, ${desc})`];
      return [
        `wl_hulls = ${L(r.seal)}.hulls`,
        `wl_in = ${L(r.layer)}.overlapping(wl_hulls)`,
        out(`(wl_hulls.enclosing(wl_in, ${umf(r.value)}.um, euclidian).polygons(1.dbu) + wl_in.not(wl_hulls))`),
      ];
    case 'fraction':
      return [`wl_fraction(${L(r.layer)}, ${r.value}, ${id}, ${desc})`];
    case 'offGrid':
      // A fresh input in raw mode: the drawn vertices, as wlpgen checks them.
      return [out(`raw_${L(r.layer)}.ongrid(${umf(r.grid)}.um).polygons(1.dbu)`)];
    case 'acuteAngle':
      return [out(`${L(r.layer)}.corners(as_boxes, -180.0 .. -90.01)`)];
  }
}

/**
 * The KLayout DRC script for a technology. Deterministic (the same technology and options give the
 * same text). Rules the checker skips are listed in a comment with the reason.
 */
export function writeKlayoutDeck(tech: Technology, options: DeckOptions = {}): string {
  const { rules, skipped } = checkRules(tech, options);
  const used = new Set<string>();
  for (const r of rules) for (const l of r.layers) used.add(l);
  // Net-aware rules need the conductor stack (the same as wlpgen's connectivity extraction).
  const nets = rules.some((r) => r.kind === 'separation' && r.differentNetsOnly);
  const stack = defaultStack(tech);
  if (nets) for (const l of stack.layers) used.add(l);
  const lines: string[] = [];
  lines.push(`# wlpgen DRC deck for technology '${tech.name}': ${tech.description}`);
  lines.push(`# Lineage: ${tech.lineage.join(' -> ')}`);
  lines.push('#');
  lines.push('# Run: klayout -b -r THIS.drc -rd input=layout.gds -rd report=out.lyrdb [-rd topcell=NAME] [-rd deep=1]');
  lines.push('# Inside KLayout (macro editor) without -rd input it checks the layout in the current view.');
  lines.push('#');
  lines.push(`# Counting: ${COUNTING_CONVENTION}. Each report item is one violation.`);
  lines.push('# Semantics per check kind:');
  for (const [k, v] of Object.entries(DRC_SEMANTICS)) lines.push(`#   ${k}: ${v}`);
  if (skipped.length) {
    lines.push('# Rules not checked:');
    for (const s of skipped) lines.push(`#   ${s.id}: ${s.reason}`);
  }
  lines.push('');
  lines.push('if $input && $input != ""');
  lines.push('  if $topcell && $topcell != ""');
  lines.push('    source($input, $topcell)');
  lines.push('  else');
  lines.push('    source($input)');
  lines.push('  end');
  lines.push('end');
  lines.push(`report(${rubyString(`wlpgen DRC: ${tech.name}`)}, ($report && $report != "") ? $report : "wlpgen_drc.lyrdb")`);
  lines.push(`wl_deep = ($deep && $deep != "") ? ($deep == "1") : ${options.deep ? 'true' : 'false'}`);
  lines.push('wl_deep ? deep : flat');
  lines.push('verbose(false)');
  lines.push(HELPERS);
  lines.push('# ---- layers (name -> GDS layer/datatype of the technology) ----');
  for (const l of Object.values(tech.layers)) {
    if (!used.has(l.name)) continue;
    lines.push(`${layerVar(l.name)} = input(${l.layer}, ${l.datatype})  # ${l.name}: ${l.description}`);
  }
  for (const r of rules) if (r.kind === 'offGrid') lines.push(`raw_${layerVar(r.layer)} = input(${tech.layers[r.layer].layer}, ${tech.layers[r.layer].datatype}).raw`);
  if (nets) {
    lines.push('');
    lines.push('# ---- connectivity (for differentNetsOnly rules): conducting layers joined where they overlap ----');
    for (const [a, b] of stack.connections) lines.push(`connect(${layerVar(a)}, ${layerVar(b)})`);
    for (const l of stack.layers) if (!stack.connections.some(([a, b]) => a === l || b === l)) lines.push(`connect(${layerVar(l)}, ${layerVar(l)})`);
  }
  lines.push('');
  lines.push('# ---- checks ----');
  for (const r of rules) {
    lines.push(ruleComment(r));
    lines.push(...ruleLines(r));
  }
  lines.push('');
  return lines.join('\n');
}
