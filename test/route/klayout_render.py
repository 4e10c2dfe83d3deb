# Renders a GDS to PNG with KLayout's layout view (headless):
# QT_QPA_PLATFORM=offscreen klayout -b -r klayout_render.py -rd gds=FILE -rd png=OUT [-rd lyp=FILE] [-rd size=1200] [-rd box=x0,y0,x1,y1 (um)]
import pya

lv = pya.LayoutView()
lv.load_layout(gds, True)
lv.max_hier()
lv.set_config("background-color", "#ffffff")
lv.set_config("text-color", "#000000")
try:
    lv.load_layer_props(lyp)
except NameError:
    pass
try:
    sz = int(size)
except NameError:
    sz = 1200
try:
    b = [float(v) for v in box.split(",")]
    lv.zoom_box(pya.DBox(b[0], b[1], b[2], b[3]))
except NameError:
    lv.zoom_fit()
lv.save_image(png, sz, sz)
print("STATS {\"ok\": true}")
