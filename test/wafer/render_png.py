# Renders a wafer GDS to PNG the way a person sees it in KLayout: every hierarchy level, the layer
# properties (.lyp) when given, KLayout's dark background; zoomed to fit or to a box (um).
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r render_png.py -rd gds=FILE -rd png=OUT [-rd lyp=FILE]
#      [-rd size=1400] [-rd box=x0,y0,x1,y1] [-rd texts=0 (hide GDS texts)]
import pya

g = globals()
lv = pya.LayoutView()
lv.load_layout(gds, True)
if g.get("lyp"):
    lv.load_layer_props(g["lyp"])
lv.max_hier()
lv.set_config("background-color", "#000000")
lv.set_config("text-color", "#ffffff")
# KLayout draws GDS texts at a fixed screen size: a full wafer of die IDs would bury the dies.
if g.get("texts") == "0":
    lv.set_config("text-visible", "false")
if g.get("box"):
    x0, y0, x1, y1 = [float(v) for v in g["box"].split(",")]
    lv.zoom_box(pya.DBox(x0, y0, x1, y1))
else:
    lv.zoom_fit()
s = int(g.get("size", "1400"))
lv.save_image(png, s, s)
print("PNG", png)
