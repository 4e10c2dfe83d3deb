# KLayout side of the GDSII benchmark: builds the same flat library as wlpgen's (n eight-vertex
# polygons on a square lattice), writes it and reads it back, and reads wlpgen's file; prints
# per-run seconds as JSON. Run: klayout -b -r klayout_gds.py -rd n=1000000 -rd out=F -rd ours=F2 -rd reps=3
import json
import time

import pya

n = int(n)
reps = int(reps)
side = 1
while side * side < n:
    side += 1
pitch = 20000
oct_pts = [(-4142, -10000), (4142, -10000), (10000, -4142), (10000, 4142), (4142, 10000), (-4142, 10000), (-10000, 4142), (-10000, -4142)]

t0 = time.perf_counter()
ly = pya.Layout()
ly.dbu = 0.001
top = ly.create_cell("FLAT")
li = ly.layer(1, 0)
shapes = top.shapes(li)
for i in range(n):
    x = (i % side) * pitch
    y = (i // side) * pitch
    shapes.insert(pya.SimplePolygon([pya.Point(px + x, py + y) for px, py in oct_pts]))
build = time.perf_counter() - t0

writes = []
for _ in range(reps):
    t0 = time.perf_counter()
    ly.write(out)
    writes.append(time.perf_counter() - t0)

reads = []
reads_ours = []
for _ in range(reps):
    t0 = time.perf_counter()
    r = pya.Layout()
    r.read(out)
    reads.append(time.perf_counter() - t0)
    r = None
    t0 = time.perf_counter()
    r = pya.Layout()
    r.read(ours)
    reads_ours.append(time.perf_counter() - t0)
    r = None
print("KLAYOUT " + json.dumps({"build": build, "write": writes, "read": reads, "readOurs": reads_ours}))
