# Width and space of the routed metal as KLayout measures them (the DRC our users run):
# QT_QPA_PLATFORM=offscreen klayout -b -r klayout_drc.py -rd gds=FILE -rd layer=20 -rd datatype=0 -rd width=W -rd space=S
# (W, S in dbu). Prints STATS {"width": n, "space": n, "polygons": n, "widthMarkers": [...], "spaceMarkers": [...]}
# where markers are the first few edge pairs in micrometres. The region is merged first, so the
# space check covers notches inside one net as well as gaps between nets.
import json
import pya

ly = pya.Layout()
ly.read(gds)
li = ly.layer(int(layer), int(datatype))
top = ly.top_cells()[0]
reg = pya.Region(top.begin_shapes_rec(li)).merged()
w = reg.width_check(int(width))
s = reg.space_check(int(space))


def markers(ep):
    out = []
    for e in ep.each():
        if len(out) >= 8:
            break
        b = e.bbox()
        out.append([b.left * ly.dbu, b.bottom * ly.dbu, b.right * ly.dbu, b.top * ly.dbu])
    return out


print("STATS " + json.dumps({"width": w.count(), "space": s.count(), "polygons": reg.count(), "widthMarkers": markers(w), "spaceMarkers": markers(s)}))
