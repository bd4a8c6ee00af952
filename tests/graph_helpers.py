"""Reading back a drawn graph, for test_graph.py and test_graph_render.py: the SVG that was
drawn (xml.etree), not the code that drew it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from autograd import Value, toposort

SVG = "{http://www.w3.org/2000/svg}"


def svg_groups(svg: str, cls: str) -> dict[str, ET.Element]:
    """The <g class=cls> groups of an SVG by their <title> (the DOT name)."""
    root = ET.fromstring(svg)
    return {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == cls}


def graph_nodes(svg: str) -> dict[str, ET.Element]:
    """Node groups that stand for graph nodes: values (v<i>) and ops (op<i>)."""
    return {name: g for name, g in svg_groups(svg, "node").items()
            if re.fullmatch(r"(v|op)\d+", name)}


def edge_titles(svg: str) -> list[str]:
    """Every edge as `tail->head` (DOT names), twice if drawn twice (`a * a`)."""
    root = ET.fromstring(svg)
    return [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]


def texts(group: ET.Element) -> list[str]:
    return [t.text for t in group.iter(f"{SVG}text")]


def fill(group: ET.Element) -> str:
    shape = next(e for e in group if e.tag in (f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse"))
    return shape.get("fill")


def micrograd_example() -> Value:
    """micrograd's README graph: L = (a*b + c) * f."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c, f = Value(10.0, label="c"), Value(-2.0, label="f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    out = d * f
    out.label = "L"
    out.backward()
    return out


def name_of(node, root) -> str:
    """The DOT name of a value node: v + its topological index (found by identity, since
    Tensor's == is elementwise)."""
    return f"v{next(i for i, n in enumerate(toposort(root)) if n is node)}"


def expected_node_count(root) -> int:
    """One node per value, plus one op node for each value that an op made."""
    order = toposort(root)
    return len(order) + sum(1 for n in order if n._prev)
