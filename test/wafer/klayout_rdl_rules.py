# KLayout's own RDL width, space and angle checks on a wafer GDS, independent of wlpgen: merge RDL,
# run the Euclidean width and space checks and list acute corners (convex below 90 degrees, and
# concave notches whose empty side is below 90 degrees); count the markers at least r0 um from the
# wafer centre (the contact ring and its junctions).
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r klayout_rdl_rules.py -rd gds=FILE -rd rdl=20/0
#      -rd width=10 -rd space=10 -rd r0=45000   (um)
# Prints one line: STATS {json}.
import json
import math
import pya

ly = pya.Layout()
ly.read(gds)
top = ly.top_cells()[0]
l, d = [int(v) for v in rdl.split("/")]
metal = pya.Region(top.begin_shapes_rec(ly.layer(pya.LayerInfo(l, d)))).merged()
dbu = ly.dbu
w = int(round(float(width) / dbu))
s = int(round(float(space) / dbu))
rmin = float(r0) / dbu


def far(box):
    c = box.center()
    return math.hypot(c.x, c.y) >= rmin


def count_pairs(pairs):
    n = 0
    first = None
    for ep in pairs.each():
        if far(ep.bbox()):
            n += 1
            if first is None:
                c = ep.bbox().center()
                first = [c.x * dbu, c.y * dbu]
    return n, first


space_n, space_at = count_pairs(metal.space_check(s, False, pya.Region.Euclidian))
width_n, width_at = count_pairs(metal.width_check(w, False, pya.Region.Euclidian))
acute = 0
for poly in metal.corners(90.01, 180).each():
    if far(poly.bbox()):
        acute += 1
notch = 0
for poly in metal.corners(-180, -90.01).each():
    if far(poly.bbox()):
        notch += 1
print("STATS " + json.dumps({"space": space_n, "spaceAt": space_at, "width": width_n, "widthAt": width_at, "acute": acute, "notch": notch, "polygons": metal.count()}))
