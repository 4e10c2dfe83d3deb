# Design-rule checks of generated cells, in KLayout (pya), with the numbers of the published rules.
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r drc_cells.py -rd gds=FILE -rd checks=JSON_FILE
#
# JSON_FILE: [{"cell": NAME, "checks": [CHECK, ...]}, ...] with lengths in dbu (1 nm) and layers as
# [layer, datatype]. CHECK kinds (every shape of a layer is flattened through the cell's hierarchy
# and merged first, as KLayout's Region does):
#   {"kind": "width", "layer": L, "value": d}                 width_check(d) with projection metrics:
#                                                             distances < d between facing edges (the
#                                                             rules define width "for parallel opposite
#                                                             edges"; the Euclidean metric would also
#                                                             flag the corners of every polygonised
#                                                             circle, e.g. 8 pairs per octagon)
#   {"kind": "space", "layer": L, "value": d}                 space_check(d): external distances < d
#   {"kind": "enclosure", "outer": L, "inner": L, "value": d} outer.enclosing_check(inner, d), plus
#                                                             any part of inner outside outer
#   {"kind": "hullEnclosure", "outer": L, "inner": L, "value": d}  as enclosure, with outer's holes
#                                                             filled (distance to a ring's outer edge)
#   {"kind": "inside", "outer": L, "inner": L}                any part of inner outside outer
#   {"kind": "maxWidth", "layer": L, "value": d}              polygons whose largest vertex-to-vertex
#                                                             distance exceeds d
#   {"kind": "centreToHull", "layer": L, "hull": L, "value": d}  shapes of `layer` whose bounding-box
#                                                             centre is closer than d to the outer edge
#                                                             of `hull` (holes filled) or outside it
#   {"kind": "count", "layer": L, "value": n}                 merged polygon count differs from n
# With -rd log=FILE, each check's result and run time is appended to FILE as it finishes.
# Prints 'STATS {"cells": {NAME: {"<kind> <what>": violations}}, "checks": total}'.
import json
import math
import time
import pya

ly = pya.Layout()
ly.read(gds)
with open(checks) as f:
    spec = json.load(f)

if abs(ly.dbu - 0.001) > 1e-12:
    raise Exception("expected a 1 nm database unit, got %g um" % ly.dbu)


dss = pya.DeepShapeStore()


def region(cell, l, deep=False):
    # deep: hierarchical (a bump stack placed 36 times is checked once); flat for per-polygon loops.
    li = ly.find_layer(l[0], l[1])
    if li is None:
        return pya.Region()
    r = pya.Region(cell.begin_shapes_rec(li), dss) if deep else pya.Region(cell.begin_shapes_rec(li))
    r.merge()
    return r


def point_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    l2 = dx * dx + dy * dy
    t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / l2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def name_of(c):
    k = c["kind"]
    if k in ("enclosure", "hullEnclosure", "inside"):
        return "%s %d/%d in %d/%d" % (k, c["inner"][0], c["inner"][1], c["outer"][0], c["outer"][1])
    if k == "centreToHull":
        return "%s %d/%d to %d/%d" % (k, c["layer"][0], c["layer"][1], c["hull"][0], c["hull"][1])
    return "%s %d/%d" % (k, c["layer"][0], c["layer"][1])


LOG = open(globals()["log"], "a") if globals().get("log") else None
out = {}
total = 0
for entry in spec:
    cell = ly.cell(entry["cell"])
    if cell is None:
        raise Exception("cell %s is not in the GDS" % entry["cell"])
    res = {}
    for c in entry["checks"]:
        k = c["kind"]
        total += 1
        t0 = time.time()
        if k == "width":
            n = region(cell, c["layer"], True).width_check(c["value"], False, pya.Region.Projection).count()
        elif k == "space":
            n = region(cell, c["layer"], True).space_check(c["value"]).count()
        elif k == "enclosure":
            outer = region(cell, c["outer"])
            inner = region(cell, c["inner"])
            n = outer.enclosing_check(inner, c["value"]).count() + (inner - outer).count()
            if inner.is_empty():
                n += 1000  # a check on nothing proves nothing
        elif k == "hullEnclosure":
            outer = region(cell, c["outer"]).hulls()
            inner = region(cell, c["inner"])
            n = outer.enclosing_check(inner, c["value"]).count() + (inner - outer).count()
            if inner.is_empty():
                n += 1000
        elif k == "inside":
            inner = region(cell, c["inner"])
            n = (inner - region(cell, c["outer"])).count() + (1000 if inner.is_empty() else 0)
        elif k == "maxWidth":
            n = 0
            for p in region(cell, c["layer"]).each():
                pts = [(q.x, q.y) for q in p.each_point_hull()]
                d = max(math.hypot(a[0] - b[0], a[1] - b[1]) for a in pts for b in pts)
                if d > c["value"]:
                    n += 1
        elif k == "centreToHull":
            hull = region(cell, c["hull"]).hulls()
            edges = []
            for p in hull.each():
                pts = [(q.x, q.y) for q in p.each_point_hull()]
                edges += [(pts[i - 1], pts[i]) for i in range(len(pts))]
            n = 0
            shapes = region(cell, c["layer"])
            for p in shapes.each():
                b = p.bbox()
                cx, cy = (b.left + b.right) / 2.0, (b.bottom + b.top) / 2.0
                inside = hull.interacting(pya.Region(pya.Box(int(cx) - 1, int(cy) - 1, int(cx) + 1, int(cy) + 1))).count() > 0
                d = min(point_segment(cx, cy, a[0], a[1], e[0], e[1]) for (a, e) in edges)
                if not inside or d < c["value"]:
                    n += 1
            if shapes.is_empty():
                n += 1000
        elif k == "count":
            got = region(cell, c["layer"]).count()
            n = 0 if got == c["value"] else abs(got - c["value"]) or 1
        else:
            raise Exception("unknown check kind %s" % k)
        res[name_of(c)] = res.get(name_of(c), 0) + n
        if LOG:
            LOG.write("%s: %s: %d (%.2f s)\n" % (entry["cell"], name_of(c), n, time.time() - t0))
            LOG.flush()
    out[entry["cell"]] = res

print("STATS " + json.dumps({"cells": out, "checks": total}))
