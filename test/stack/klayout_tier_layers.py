# Opens a GDS with its .lyp in KLayout and reports, per named layer of the .lyp, the shapes under one
# cell (all hierarchy levels): how a person checks that every tier sits on its own named layers.
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r klayout_tier_layers.py -rd gds=FILE -rd lyp=FILE -rd cell=NAME
import json
import pya

lv = pya.LayoutView()
lv.load_layout(gds, True)
lv.load_layer_props(lyp)
ly = lv.active_cellview().layout()
top = ly.cell(cell)
out = {}
it = lv.begin_layers()
while not it.at_end():
    node = it.current()
    # Group nodes (one per tier) hold the tier layers; names read 'T1.RDL 120/0'.
    if node.name and not node.has_children():
        li = ly.find_layer(node.source_layer, node.source_datatype)
        n = 0
        if li is not None:
            si = top.begin_shapes_rec(li)
            while not si.at_end():
                n += 1
                si.next()
        out[node.name.split(" ")[0]] = {"layer": node.source_layer, "datatype": node.source_datatype, "shapes": n}
    it.next()
print("STATS " + json.dumps({"layers": out, "cells": ly.cells()}))
