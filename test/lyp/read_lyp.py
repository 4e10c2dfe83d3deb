# Loads a .lyp into a KLayout LayoutView over a layout that has one box on every layer the .lyp names,
# and prints, as 'STATS {json}', every node KLayout sees (groups and layers, depth first) with the
# properties it parsed and whether each layer node resolved to a layout layer.
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r read_lyp.py -rd lyp=FILE -rd layers=JSON_FILE
# (JSON_FILE: [[layer, datatype], ...], the layers to create in the layout).
import json
import pya

ly = pya.Layout()
ly.dbu = 0.001
top = ly.create_cell("TOP")
with open(layers) as f:
    for i, (l, d) in enumerate(json.load(f)):
        li = ly.layer(pya.LayerInfo(l, d))
        top.shapes(li).insert(pya.Box(0, 0, 1000 * (i + 1), 1000))

view = pya.LayoutView()
view.show_layout(ly, False)
view.load_layer_props(lyp)

nodes = []
it = view.begin_layers()
while not it.at_end():
    n = it.current()
    node = {"name": n.name, "group": n.has_children(), "depth": 0}
    p = it.parent()
    while not p.is_null():
        node["depth"] += 1
        p = p.parent()
    if not n.has_children():
        node.update({
            "source": n.source_(True) if hasattr(n, "source_") else n.source,
            "layer": n.source_layer_(True) if hasattr(n, "source_layer_") else n.source_layer,
            "datatype": n.source_datatype_(True) if hasattr(n, "source_datatype_") else n.source_datatype,
            "frame": "#%06x" % (n.frame_color & 0xFFFFFF),
            "fill": "#%06x" % (n.fill_color & 0xFFFFFF),
            "dither": n.dither_pattern,
            "visible": n.visible,
            "valid": n.valid,
            "layer_index": n.layer_index(),
        })
    nodes.append(node)
    it.next()
print("STATS " + json.dumps(nodes))
