# Prints, as JSON, what gdspy (an independent GDSII reader) sees in a file: per-layer flattened
# polygon counts and areas (dbu^2), path and text counts. Run: python3.11 gdspy_stats.py FILE
import json
import sys

import gdspy

lib = gdspy.GdsLibrary(infile=sys.argv[1])
dbu_per_user = lib.unit / lib.precision  # e.g. 1e-6 / 1e-9 = 1000 dbu per um
layers = {}


def entry(layer, datatype):
    layer, datatype = int(layer), int(datatype)
    return layers.setdefault((layer, datatype), {"layer": layer, "datatype": datatype, "polygons": 0, "paths": 0, "texts": 0, "area": 0.0})


def shoelace(pts):
    s = 0.0
    n = len(pts)
    for i in range(n):
        x0, y0 = pts[i - 1]
        x1, y1 = pts[i]
        s += x0 * y1 - x1 * y0
    return abs(s) / 2.0


for top in lib.top_level():
    for ps in top.get_polygonsets():
        for pts, layer, datatype in zip(ps.polygons, ps.layers, ps.datatypes):
            e = entry(layer, datatype)
            e["polygons"] += 1
            e["area"] += float(shoelace(pts) * dbu_per_user ** 2)
    for p in top.get_paths():
        for layer, datatype in zip(p.layers, p.datatypes):
            entry(layer, datatype)["paths"] += 1
    for label in top.get_labels():
        entry(label.layer, label.texttype)["texts"] += 1
out = {"top": sorted(c.name for c in lib.top_level()), "cells": len(lib.cell_dict), "layers": sorted(layers.values(), key=lambda l: (l["layer"], l["datatype"]))}
print("STATS " + json.dumps(out))
