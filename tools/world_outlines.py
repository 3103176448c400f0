#!/usr/bin/env python3
"""Converts Natural Earth 1:110m land outlines, as shipped in TopoJSON by the
npm package `world-atlas` (`npm pack world-atlas`, file `land-110m.json`),
into the compact text `src/render/map/land.txt` that dossier embeds.

Run once when the outlines change:

    python3 tools/world_outlines.py path/to/package/land-110m.json > src/render/map/land.txt

Output: one ring (an island or a continent's coast) per line, its points as
`lon,lat` in tenths of a degree, separated by spaces; consecutive points that
round to the same tenth are dropped. A ring that crosses the antimeridian
(Russia's Chukotka, Fiji) is unwrapped so that its longitudes run on past
180 (or below -180), and written a second time shifted by 360 degrees: a map
clipped to -180..180 then shows each half at its edge, with no line drawn
across the world. Rings keep TopoJSON's order, so the output is the same on
every run.
"""

import json
import sys


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs, ring):
    points = []
    for i in ring:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        # Each arc after the first repeats the previous arc's last point.
        points.extend(arc if not points else arc[1:])
    return points


def main():
    topo = json.load(open(sys.argv[1], encoding="utf-8"))
    arcs = decode_arcs(topo)
    for geometry in topo["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                out = []
                for lon, lat in ring_points(arcs, ring):
                    p = (round(lon * 10), round(lat * 10))
                    if not out or out[-1] != p:
                        out.append(p)
                if len(out) < 4:
                    continue
                unwrapped = [out[0]]
                for x, y in out[1:]:
                    last = unwrapped[-1][0]
                    while x - last > 1800:
                        x -= 3600
                    while last - x > 1800:
                        x += 3600
                    unwrapped.append((x, y))
                copies = [unwrapped]
                if max(x for x, _ in unwrapped) > 1800:
                    copies.append([(x - 3600, y) for x, y in unwrapped])
                if min(x for x, _ in unwrapped) < -1800:
                    copies.append([(x + 3600, y) for x, y in unwrapped])
                for ring in copies:
                    print(" ".join(f"{x},{y}" for x, y in ring))


if __name__ == "__main__":
    main()
