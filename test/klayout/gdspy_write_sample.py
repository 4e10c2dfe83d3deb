# Writes a GDSII file with gdspy's writer (hierarchy, arrays, rotated/magnified references, paths,
# labels, polygons), for the reader interop test. Run: python3.11 gdspy_write_sample.py OUT
import sys

import gdspy

lib = gdspy.GdsLibrary(name="GDSPYLIB", unit=1e-6, precision=1e-9)
leaf = gdspy.Cell("G_LEAF")
lib.add(leaf)
leaf.add(gdspy.Rectangle((0, 0), (10, 20), layer=1, datatype=0))
leaf.add(gdspy.Polygon([(0, 0), (30, 0), (30, 5), (10, 15)], layer=1, datatype=0))
leaf.add(gdspy.FlexPath([(0, 0), (50, 0), (50, 50)], 4, layer=63, datatype=0, gdsii_path=True))
leaf.add(gdspy.Label("GND", (1, 2), layer=63, texttype=0))
mid = gdspy.Cell("G_MID")
lib.add(mid)
mid.add(gdspy.CellArray(leaf, 5, 4, (200, 300)))
mid.add(gdspy.CellReference(leaf, (1000, 0), rotation=90, x_reflection=True))
top = gdspy.Cell("G_TOP")
lib.add(top)
top.add(gdspy.CellReference(mid, (0, 0), rotation=180))
top.add(gdspy.CellReference(mid, (5000, 0), magnification=2))
top.add(gdspy.Rectangle((-100, -100), (-90, -90), layer=2, datatype=7))
lib.write_gds(sys.argv[1])
