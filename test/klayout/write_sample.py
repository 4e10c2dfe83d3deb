# Writes a GDSII file with KLayout's own writer: hierarchy, regular arrays (also rotated and
# mirrored), paths of every end type, texts, boxes and polygons with holes; then prints its stats
# the same way stats.py does. Run: klayout -b -r write_sample.py -rd out=FILE
import json
import pya

ly = pya.Layout()
ly.dbu = 0.001
l1 = ly.layer(1, 0)
l2 = ly.layer(2, 5)
l3 = ly.layer(63, 0)
leaf = ly.create_cell("LEAF")
leaf.shapes(l1).insert(pya.Box(0, 0, 1000, 2000))
leaf.shapes(l1).insert(pya.Polygon([pya.Point(0, 0), pya.Point(3000, 0), pya.Point(3000, 500), pya.Point(1000, 1500)]))
hole = pya.Polygon(pya.Box(0, 0, 10000, 10000))
hole.insert_hole(pya.Box(2000, 2000, 4000, 4000))
hole.insert_hole(pya.Box(6000, 6000, 8000, 9000))
leaf.shapes(l2).insert(hole)
leaf.shapes(l3).insert(pya.Path([pya.Point(0, 0), pya.Point(5000, 0), pya.Point(5000, 5000)], 400))
leaf.shapes(l3).insert(pya.Path([pya.Point(0, 0), pya.Point(0, 5000)], 200, 100, 300))
leaf.shapes(l3).insert(pya.Path([pya.Point(0, 0), pya.Point(7000, 7000)], 200, 0, 0, True))
leaf.shapes(l3).insert(pya.Text("VDD", pya.Trans(pya.Trans.R90, 100, 200)))
mid = ly.create_cell("MID")
mid.insert(pya.CellInstArray(leaf.cell_index(), pya.Trans(0, 0), pya.Vector(20000, 0), pya.Vector(0, 30000), 5, 4))
mid.insert(pya.CellInstArray(leaf.cell_index(), pya.Trans(pya.Trans.M45, 500000, 0), pya.Vector(0, 15000), pya.Vector(25000, 0), 3, 2))
top = ly.create_cell("TOP")
top.insert(pya.CellInstArray(mid.cell_index(), pya.Trans(pya.Trans.R90, 0, 0)))
top.insert(pya.CellInstArray(mid.cell_index(), pya.ICplxTrans(2.0, 0, False, 1000000, 0)))
top.insert(pya.CellInstArray(leaf.cell_index(), pya.Trans(pya.Trans.M0, -50000, -50000)))
top.shapes(l1).insert(pya.Box(-100000, -100000, -90000, -90000))
ly.write(out)
