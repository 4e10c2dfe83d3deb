# The plating network's dicing check as a KLayout user would run it, independent of wlpgen:
# merge RDL over the whole wafer (one island before dicing), subtract SAW, and count the islands
# after dicing and how many bumps and pads each one touches.
# Run: QT_QPA_PLATFORM=offscreen klayout -b -r klayout_plating.py -rd gds=FILE -rd rdl=20/0
#      -rd saw=92/0 -rd bump=70/0 -rd pad=1/0 [-rd deep=1 (hierarchical processing, for big wafers)]
# Prints one line: STATS {json}.
import json
import pya

g = globals()


def layer_index(ly, spec):
    l, d = [int(v) for v in spec.split("/")]
    return ly.layer(pya.LayerInfo(l, d))


ly = pya.Layout()
ly.read(gds)
tops = ly.top_cells()
assert len(tops) == 1, "expected one top cell, got %d" % len(tops)
top = tops[0]
dss = pya.DeepShapeStore() if g.get("deep") == "1" else None


def region(spec):
    it = top.begin_shapes_rec(layer_index(ly, spec))
    return pya.Region(it, dss) if dss else pya.Region(it)


rdl = region(rdl)
saw_r = region(saw)
bumps = region(bump)
pads = region(pad)

before = rdl.merged()
after = (rdl - saw_r).merged()
stats = {
    "islandsBefore": before.count(),
    "islandsAfter": after.count(),
    # Islands after dicing that touch bumps, and how many touch exactly one / two or more.
    "withBump": after.interacting(bumps).count(),
    "oneBump": after.interacting(bumps, 1, 1).count(),
    "multiBump": after.interacting(bumps, 2).count(),
    "withPad": after.interacting(pads).count(),
    "onePad": after.interacting(pads, 1, 1).count(),
    "bumps": bumps.merged().count(),
    "pads": pads.merged().count(),
    # Metal left inside the saw cut after dicing (must be none) and bumps on no island.
    "metalInSaw": (after & saw_r).count(),
    "bumpsOffMetal": bumps.not_interacting(after).count(),
}
print("STATS " + json.dumps(stats))
