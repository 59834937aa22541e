#!/usr/bin/env python3
"""Draws folded stacks (one line per stack: 'thread;frame;frame count') as an SVG flame graph.

    scripts/flamegraph.py docs/profiles/X.collapsed > docs/profiles/X.svg

The widest boxes are where the samples are; hover a box for its frame and share. Made for the
profiles in docs/profiles (JFR samples folded by docs/benchmarks.md's method), so that they can
be looked at in a browser without flamegraph.pl."""
import html
import sys

WIDTH, ROW, FONT = 1400, 16, 11


def tree(lines):
    root = {"n": 0, "kids": {}}
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        n = int(count)
        node = root
        root["n"] += n
        for frame in stack.split(";"):
            node = node["kids"].setdefault(frame, {"n": 0, "kids": {}})
            node["n"] += n
    return root


def draw(node, name, x, depth, scale, total, out, max_depth):
    w = node["n"] * scale
    if w < 0.5:
        return max_depth
    y = depth * ROW
    hue = 20 + (hash(name) % 40)
    label = html.escape(name)
    share = 100.0 * node["n"] / total
    out.append(f'<g><title>{label} ({node["n"]} samples, {share:.1f} %)</title>'
               f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 1}" fill="hsl({hue},80%,60%)"/>')
    if w > 40:
        chars = int(w / (FONT * 0.6))
        text = label if len(name) <= chars else html.escape(name[: max(chars - 2, 1)]) + ".."
        out.append(f'<text x="{x + 3:.1f}" y="{y + ROW - 4}" font-size="{FONT}" font-family="monospace">{text}</text>')
    out.append("</g>")
    max_depth = max(max_depth, depth)
    cx = x
    for kid_name, kid in sorted(node["kids"].items(), key=lambda kv: -kv[1]["n"]):
        max_depth = draw(kid, kid_name, cx, depth + 1, scale, total, out, max_depth)
        cx += kid["n"] * scale
    return max_depth


def main():
    with open(sys.argv[1]) as f:
        root = tree(f)
    total = max(root["n"], 1)
    out = []
    depth = draw(root, f"all ({total} samples)", 0, 0, WIDTH / total, total, out, 0)
    height = (depth + 1) * ROW
    print(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">')
    print("\n".join(out))
    print("</svg>")


if __name__ == "__main__":
    main()
