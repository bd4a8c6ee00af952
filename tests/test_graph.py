"""Graph drawing, what is drawn: read back the SVG that was drawn, not the code that drew it.
Renderers, files, time limits and the Digraph's own rendering are in test_graph_render.py."""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from graph_helpers import (
    edge_titles,
    expected_node_count,
    fill,
    graph_nodes,
    micrograd_example,
    name_of,
    svg_groups,
    texts,
)

import autograd
from autograd import Tensor, Value, draw_graph, name_scope, save_graph, to_svg, toposort
from autograd.graph import dot as graph_dot

# -- what is drawn -------------------------------------------------------------------------------

def test_value_graph_has_a_node_per_value_and_op_with_micrograd_labels():
    out = micrograd_example()
    nodes = graph_nodes(to_svg(out))
    assert len(nodes) == expected_node_count(out) == 10  # 7 values, 3 ops
    labels = {" | ".join(texts(g)) for name, g in nodes.items() if name.startswith("v")}
    # dL/da = b*f = 6, dL/db = a*f = -4, dL/dc = dL/de = f = -2, dL/df = d = 4
    assert labels == {"a | data 2.0000 | grad 6.0000", "b | data -3.0000 | grad -4.0000",
                      "c | data 10.0000 | grad -2.0000", "e | data -6.0000 | grad -2.0000",
                      "d | data 4.0000 | grad -2.0000", "f | data -2.0000 | grad 4.0000",
                      "L | data -8.0000 | grad 1.0000"}
    ops = sorted(texts(g)[0] for name, g in nodes.items() if name.startswith("op"))
    assert ops == ["*", "*", "+"]


def test_edges_run_from_parents_through_the_op_to_the_result():
    out = micrograd_example()
    edges = set(svg_groups(to_svg(out), "edge"))
    order = toposort(out)
    i = order.index(out)
    d, f = out._prev
    assert {f"v{order.index(d)}->op{i}", f"v{order.index(f)}->op{i}", f"op{i}->v{i}"} <= edges
    assert len(edges) == sum(len(n._prev) + 1 for n in order if n._prev)


def test_tiny_and_huge_numbers_are_not_drawn_as_zero():
    x = Value(3e-9, label="x")
    y = x * 1e12
    y.backward()
    labels = [" | ".join(texts(g)) for g in graph_nodes(to_svg(y)).values()]
    assert "x | data 3.000e-09 | grad 1.000e+12" in labels


def test_gradient_that_is_a_value_shows_its_number():
    x = Value(3.0, label="x")
    y = x * x * x
    y.backward(create_graph=True)  # x.grad is now a Value: 3x^2 = 27
    body = draw_graph(y, legend=False).source
    assert "x | data 3.0000 | grad 27.0000" in body


def test_tensor_labels_show_shape_dtype_and_values_or_their_summary():
    w = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True, label="w")
    x = Tensor(np.linspace(-1, 1, 40, dtype=np.float32).reshape(10, 4))
    small = (w * 2.0).sum()
    small.backward()
    nodes = graph_nodes(to_svg(small))
    w_text = texts(nodes[name_of(w, small)])
    assert w_text == ["w", "(2, 3) float64", "data [[0, 1, 2], [3, 4, 5]]",
                      "grad [[2, 2, 2], [2, 2, 2]]"]
    big = (x * Tensor(np.ones(4, np.float32), requires_grad=True)).sum()
    big.backward()
    x_text = texts(graph_nodes(to_svg(big))[name_of(x, big)])
    assert x_text[0] == "constant" and x_text[1] == "(10, 4) float32"
    lo, mean, hi = x.data.min(), x.data.mean(), x.data.max()
    assert x_text[2] == f"data min {lo:.4g} mean {mean:.4g} max {hi:.4g}"
    assert x_text[3] == "grad none"  # a constant gets no gradient


def test_kinds_are_styled_apart_and_listed_in_the_legend():
    p = Tensor([1.0, 2.0], requires_grad=True, label="p")
    c = Tensor([3.0, 4.0], label="c")
    out = ((p * c).sum())
    out.backward()
    svg = to_svg(out)
    nodes = graph_nodes(svg)
    fills = {name: fill(nodes[name_of(n, out)])
             for name, n in (("param", p), ("const", c), ("out", out), ("mid", out._prev[0]))}
    assert len(set(fills.values())) == 4
    legend = " ".join(texts(svg_groups(svg, "node")["legend"]))
    for words in ("output", "parameter", "constant", "intermediate", "op"):
        assert words in legend


def test_module_scopes_become_nested_clusters():
    x = Tensor(np.ones((2, 3)), label="x")
    w1 = Tensor(np.full((3, 4), 0.5), requires_grad=True, label="w1")
    w2 = Tensor(np.full((4, 1), 0.5), requires_grad=True, label="w2")
    with name_scope("(MLP)"):
        with name_scope("layers.0 (Linear)"):
            h = x @ w1
        with name_scope("layers.1 (Linear)"):
            y = h.relu() @ w2
    out = y.sum()
    out.backward()
    svg = to_svg(out)
    cluster_labels = sorted(texts(g)[0] for g in svg_groups(svg, "cluster").values())
    assert cluster_labels == ["(MLP)", "layers.0 (Linear)", "layers.1 (Linear)"]
    # Nesting, in the DOT text: both layers' clusters open before (MLP)'s closes.
    source = draw_graph(out).source
    mlp_open = source.index('label="(MLP)"')
    depth_at = {name: source[mlp_open:source.index(f'label="{name}"')].count("{")
                - source[mlp_open:source.index(f'label="{name}"')].count("}")
                for name in ("layers.0 (Linear)", "layers.1 (Linear)")}
    assert depth_at == {"layers.0 (Linear)": 1, "layers.1 (Linear)": 1}
    # A weight made outside any scope is drawn in the one layer that uses it; x is used by
    # layer 0 too but is no parameter, so it stays outside.
    layer0 = source[source.index('label="layers.0 (Linear)"'):source.index('label="layers.1')]
    assert f"{name_of(w1, out)} [" in layer0 and f"{name_of(x, out)} [" not in layer0


def test_nn_sequential_draws_one_cluster_per_layer():
    import nn
    model = nn.Sequential(nn.Linear(3, 4, seed=0), nn.ReLU(), nn.Linear(4, 2, seed=1))
    out = model(Tensor(np.ones((5, 3)))).sum()
    out.backward()
    svg = to_svg(out)
    labels = sorted(texts(g)[0] for g in svg_groups(svg, "cluster").values())
    assert labels == ["(Sequential)", "0 (Linear)", "1 (ReLU)", "2 (Linear)"]
    assert len(graph_nodes(svg)) == expected_node_count(out)


def test_micrograd_style_mlp_draws_its_layers_and_neurons_as_clusters():
    import random

    import nn
    random.seed(0)
    model = nn.MLP(2, [2, 1])
    out = model([Value(1.0), Value(-2.0)])
    out.backward()
    svg = to_svg(out)
    labels = sorted(texts(g)[0] for g in svg_groups(svg, "cluster").values())
    assert labels == ["(MLP)", "layers.0 (Layer)", "layers.0.neurons.0 (Neuron)",
                      "layers.0.neurons.1 (Neuron)", "layers.1 (Layer)",
                      "layers.1.neurons.0 (Neuron)"]
    assert len(graph_nodes(svg)) == expected_node_count(out)


def test_color_by_grad_darkens_as_the_gradient_vanishes():
    x = Value(0.5, label="x")
    chain = [x]
    for _ in range(8):  # each sigmoid multiplies the gradient by at most 1/4
        chain.append(chain[-1].sigmoid())
    chain[-1].backward()
    svg = to_svg(chain[-1], color_by="grad")
    nodes = graph_nodes(svg)
    palette = list(graph_dot._PALETTE)
    shades = [palette.index(fill(nodes[name_of(v, chain[-1])])) for v in chain]
    assert shades == sorted(shades)  # brighter towards the output, where the gradient is 1
    assert shades[0] <= 1 and shades[-1] == len(palette) - 1  # the scale is whole decades
    assert "log scale" in " ".join(texts(svg_groups(svg, "node")["legend"]))
    plain = graph_nodes(to_svg(chain[-1]))
    assert fill(plain["v0"]) not in palette  # without color_by, the kind's colour


def test_color_by_grad_greys_nodes_without_gradient():
    c = Tensor([1.0, 2.0])
    p = Tensor([1.0, 1.0], requires_grad=True)
    out = (c * p).sum()
    out.backward()
    nodes = graph_nodes(to_svg(out, color_by="grad"))
    assert fill(nodes[name_of(c, out)]) == graph_dot._NO_GRAD_FILL


def test_labels_with_record_syntax_are_shown_as_written():
    x = Value(1.0, label='x{0} | <y> "q" \\ n')
    out = x * 2.0
    out.backward()
    nodes = graph_nodes(to_svg(out))
    assert texts(nodes["v0"])[0] == 'x{0} | <y> "q" \\ n'
    with name_scope('block "1"'):
        z = Tensor([1.0], requires_grad=True) * 2.0
    assert 'block "1"' in [texts(g)[0] for g in svg_groups(to_svg(z), "cluster").values()]


# -- stable, large and cut-down graphs ---------------------------------------------------------

def test_same_graph_gives_identical_dot_and_svg():
    first, second = micrograd_example(), micrograd_example()  # equal graphs, other ids
    assert draw_graph(first).source == draw_graph(second).source
    assert to_svg(first) == to_svg(second) == to_svg(first)


def test_deep_chain_to_dot_without_recursion_error(tmp_path):
    y = Value(1.0)
    for _ in range(99_999):
        y = -y  # one node per step: 100,000 in all
    path = save_graph(y, tmp_path / "chain.dot", max_nodes=None)
    text = path.read_text()
    assert text.count("shape=record") == 100_000
    assert text.count(" -> ") == 2 * 99_999


def test_max_nodes_draws_the_nearest_and_notes_the_rest():
    y = Value(1.0)
    for _ in range(50):
        y = y.tanh()
    svg = to_svg(y, max_nodes=10)
    nodes = graph_nodes(svg)
    assert len([n for n in nodes if n.startswith("v")]) == 10
    assert f"v{len(toposort(y)) - 1}" in nodes  # the root is always drawn
    note = " ".join(texts(svg_groups(svg, "node")["omitted"]))
    assert "41 more nodes not drawn (max_nodes=10)" in note
    assert "40 tanh" in note and "1 leaf" in note


def each_op_has_its_inputs(svg: str, root) -> bool:
    """Every drawn op gets one edge per parent: from the parent, or from a tag standing for it
    (t<parent>_<op>); and one from the note of what was left out if any parent was."""
    order = toposort(root)
    index = {id(n): i for i, n in enumerate(order)}
    drawn = graph_nodes(svg)
    tails: dict[str, list[str]] = {}
    for title in edge_titles(svg):
        tail, head = title.split("->")
        tails.setdefault(head, []).append(tail)
    for i, node in enumerate(order):
        if f"op{i}" not in drawn:
            continue
        parents = [index[id(p)] for p in node._prev]
        kept = sorted(p for p in parents if f"v{p}" in drawn)
        got = tails[f"op{i}"]
        from_parents = sorted(int(t[1:].split("_")[0]) for t in got if t[0] in "vt")
        from_note = [t for t in got if t.startswith("omitted")]
        if from_parents != kept or len(from_note) != (len(kept) < len(parents)):
            return False
    return True


def tags(svg: str) -> dict[str, ET.Element]:
    """The small nodes that stand for a value drawn in full elsewhere."""
    return {name: g for name, g in svg_groups(svg, "node").items()
            if re.fullmatch(r"t\d+_\d+", name)}


def test_a_value_used_far_from_where_it_is_drawn_gets_a_tag_there():
    x = Value(2.0, label="x")
    y = x
    for _ in range(12):
        y = y * x  # x is used at every depth
    y.backward()
    svg = to_svg(y, max_nodes=None)
    nodes = graph_nodes(svg)
    assert len(nodes) == expected_node_count(y)
    assert sum(texts(g)[0] == "x" for g in nodes.values()) == 1  # drawn in full once
    # x sits next to its first use; the next three (3, 5 and 7 ranks away) get edges; from 9
    # ranks on (graph_dot.MAX_SPAN = 8) a tag reading "x", in x's colours, stands beside the op.
    assert graph_dot.MAX_SPAN == 8
    x_name = name_of(x, y)
    assert sum(title.startswith(f"{x_name}->") for title in svg_groups(svg, "edge")) == 4
    assert len(tags(svg)) == 12 - 4
    assert all(texts(g) == ["x"] and fill(g) == fill(nodes[x_name]) for g in tags(svg).values())
    assert each_op_has_its_inputs(svg, y)
    assert "small tag" in " ".join(texts(svg_groups(svg, "node")["legend"]))
    plain = to_svg(micrograd_example())  # no value used far away: no tag, no legend line
    assert tags(plain) == {} and "small tag" not in plain


def test_nodes_without_a_scope_field_are_drawn_outside_any_box(monkeypatch):
    x = Tensor([1.0, 2.0], requires_grad=True, label="x")
    y = (x * 2.0).sum()
    # The engine may stop keeping a scope on nodes made outside any name_scope block.
    monkeypatch.delattr(next(c for c in type(y).__mro__ if "_scope" in vars(c)), "_scope")
    assert not hasattr(y, "_scope")
    svg = to_svg(y)
    assert len(graph_nodes(svg)) == expected_node_count(y)
    assert svg_groups(svg, "cluster") == {}


def test_big_value_graph_draws_the_300_nearest_nodes_by_default():
    x = Value(0.5, label="x")
    y = x
    for _ in range(100_000):
        y = y + x  # 100,001 values: x and 100,000 sums, each using x
    svg = to_svg(y)  # with no max_nodes: Graphviz would need hours for the whole graph
    nodes = graph_nodes(svg)
    assert graph_dot.DEFAULT_MAX_NODES == 300
    assert sum(name.startswith("v") for name in nodes) == 300  # x and the last 299 sums
    note = texts(svg_groups(svg, "node")["omitted"])
    assert note == ["99,701 more nodes not drawn (max_nodes=300):", "99,701 +",
                    "max_nodes=None draws them all"]
    assert f"v{100_000}" in nodes and "v0" in nodes  # the root, and x (drawn once, in full)
    assert len(tags(svg)) == 299 - 4  # x's uses beyond 8 ranks from it
    assert each_op_has_its_inputs(svg, y)


def test_big_tensor_graph_draws_the_300_nearest_nodes_by_default():
    w = Tensor(np.full((3, 3), 0.1), requires_grad=True, label="W")
    h = Tensor(np.ones((1, 3)), label="h0")
    for _ in range(33_333):
        h = (h @ w).tanh() + h  # a recurrent loop: W is used at every step
    order = toposort(h)
    assert len(order) == 100_001
    svg = to_svg(h)
    nodes = graph_nodes(svg)
    assert sum(name.startswith("v") for name in nodes) == 300
    first, counts, last = texts(svg_groups(svg, "node")["omitted"])
    assert first == "99,701 more nodes not drawn (max_nodes=300):"
    counted = dict(reversed(part.split(" ")) for part in counts.split(", "))
    assert set(counted) == {"@", "tanh", "+", "leaf"}  # h0 is left out, W is drawn
    assert sum(int(n.replace(",", "")) for n in counted.values()) == 99_701
    assert [texts(g)[0] for g in nodes.values()].count("W") == 1
    assert tags(svg) and all(texts(g) == ["W"] for g in tags(svg).values())
    assert each_op_has_its_inputs(svg, h)


def test_note_beside_each_op_when_the_cut_parents_lie_far_apart():
    a = Value(1.0, label="a")
    for _ in range(100):
        a = a.tanh()
    y = a
    for _ in range(100):
        y = y + a  # a is one step from the root and also the deepest drawn value
    svg = to_svg(y, max_nodes=60)
    # Breadth first, half the drawn nodes are sums and half a's chain, which is drawn after
    # the last sum: the ops that lost a parent lie about 60 ranks apart.
    notes = {name: texts(g) for name, g in svg_groups(svg, "node").items()
             if name.startswith("omitted")}
    assert len(notes) == 2 and notes.pop("omitted")[0].startswith("141 more nodes not drawn")
    assert list(notes.values()) == [["not drawn"]]
    assert each_op_has_its_inputs(svg, y)


def test_cut_down_graph_with_tags_is_identical_twice():
    def build():
        x = Value(0.5, label="x")
        y = x
        for _ in range(2_000):
            y = y * x + 1.0
        y.backward()
        return y

    first = to_svg(build())
    assert tags(first) and "omitted" in svg_groups(first, "node")
    assert to_svg(build()) == first


def test_note_counts_ops_by_name():
    x, y = Value(2.0), Value(3.0)
    out = x ** 2 + x ** y  # two ops named `**` (a constant and a node exponent)
    for _ in range(5):
        out = out.tanh()
    note = texts(svg_groups(to_svg(out, max_nodes=3), "node")["omitted"])
    assert note[:2] == ["7 more nodes not drawn (max_nodes=3):", "2 **, 2 leaf, 2 tanh, 1 +"]


def test_training_step_of_a_3_layer_mlp_renders_quickly():
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(32, 8)))
    sizes = [8, 16, 16, 4]
    params = [Tensor(rng.normal(size=(m, n)), requires_grad=True) for m, n in
              zip(sizes, sizes[1:], strict=False)]
    h = x
    for i, w in enumerate(params):
        with name_scope(f"layers.{i} (Linear)"):
            h = h @ w
            h = h.relu() if i < len(params) - 1 else h
    loss = h.log_softmax(axis=-1)[np.arange(32), rng.integers(0, 4, 32)].mean() * -1.0
    loss.backward()
    start = time.perf_counter()
    svg = to_svg(loss, color_by="grad")
    assert time.perf_counter() - start < 10
    assert len(graph_nodes(svg)) == expected_node_count(loss)


# -- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("root, name", [(3.0, "3.0"), ([Value(1.0)], "list"),
                                        (np.ones(2), "ndarray"), (None, "None")])
def test_root_that_is_not_a_node(root, name, tmp_path):
    message = f"root must be a Value or Tensor, got {name}"
    for draw in (draw_graph, to_svg, lambda r: save_graph(r, tmp_path / "g.dot")):
        with pytest.raises(TypeError, match=message):
            draw(root)
    assert os.listdir(tmp_path) == []


def test_unknown_rankdir_or_color_by_or_max_nodes():
    out = micrograd_example()
    with pytest.raises(ValueError, match="draw_graph: rankdir must be one of 'LR', 'TB', 'RL', "
                                         "'BT', got 'XY'"):
        draw_graph(out, rankdir="XY")
    with pytest.raises(ValueError, match="to_svg: color_by must be one of None, 'grad', got "
                                         "'data'"):
        to_svg(out, color_by="data")
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="max_nodes must be a positive int or None"):
            draw_graph(out, max_nodes=bad)


def test_public_names():
    assert autograd.draw_graph is draw_graph and autograd.to_svg is to_svg
    assert autograd.save_graph is save_graph
