# Renders a GDS file to a PNG the way a person sees it in KLayout: all hierarchy levels, zoomed to
# fit, with the layer properties (.lyp) when given, on KLayout's default dark background.
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r render_png.py -rd gds=FILE -rd png=OUT [-rd lyp=FILE]
#      [-rd width=1600 -rd height=1000] [-rd box=x0,y0,x1,y1 (um, zoom to that box instead of fitting)]
#      [-rd cell=NAME (show that cell as the top cell)]
import pya

g = globals()
lv = pya.LayoutView()
lv.load_layout(gds, True)
if g.get("lyp"):
    lv.load_layer_props(g["lyp"])
if g.get("cell"):
    ly = lv.active_cellview().layout()
    lv.select_cell(ly.cell(g["cell"]).cell_index(), 0)
lv.max_hier()
lv.set_config("background-color", "#000000")
lv.set_config("text-color", "#ffffff")
lv.set_config("default-text-size", "20")
if g.get("box"):
    x0, y0, x1, y1 = [float(v) for v in g["box"].split(",")]
    lv.zoom_box(pya.DBox(x0, y0, x1, y1))
else:
    lv.zoom_fit()
w = int(g.get("width", "1600"))
h = int(g.get("height", "1000"))
lv.save_image(png, w, h)
print("PNG", png)
