# Prints, as JSON on stdout, what KLayout sees in a GDSII file: library facts and per-layer counts
# and areas flattened through every reference and array (areas in dbu^2: exact polygon area times
# the placement's magnification squared, summed without merging, as wlpgen's layerStats does).
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r stats.py -rd gds=FILE
import json
import pya

ly = pya.Layout()
ly.read(gds)
out = {"dbu": ly.dbu, "cells": ly.cells(), "top": sorted(c.name for c in ly.top_cells()), "layers": []}
for li in ly.layer_indexes():
    info = ly.get_info(li)
    polys = paths = texts = 0
    area = 0.0
    for top in ly.top_cells():
        it = top.begin_shapes_rec(li)
        while not it.at_end():
            s = it.shape()
            if s.is_polygon() or s.is_box() or s.is_simple_polygon():
                polys += 1
                area += s.polygon.area2() / 2.0 * it.trans().mag ** 2
            elif s.is_path():
                paths += 1
            elif s.is_text():
                texts += 1
            it.next()
    out["layers"].append({"layer": info.layer, "datatype": info.datatype, "polygons": polys, "paths": paths, "texts": texts, "area": area})
out["layers"].sort(key=lambda l: (l["layer"], l["datatype"]))
bb = pya.Box()
for top in ly.top_cells():
    bb += top.bbox()
out["bbox"] = [bb.left, bb.bottom, bb.right, bb.top] if not bb.empty() else None
print("STATS " + json.dumps(out))
