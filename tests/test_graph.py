"""Graph drawing: read back the SVG that was drawn (xml.etree), not the code that drew it."""

from __future__ import annotations

import os
import re
import shutil
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value, draw_graph, name_scope, save_graph, to_svg, toposort
from autograd import graph as graph_module

SVG = "{http://www.w3.org/2000/svg}"


def svg_groups(svg: str, cls: str) -> dict[str, ET.Element]:
    """The <g class=cls> groups of an SVG by their <title> (the DOT name)."""
    root = ET.fromstring(svg)
    return {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == cls}


def graph_nodes(svg: str) -> dict[str, ET.Element]:
    """Node groups that stand for graph nodes: values (v<i>) and ops (op<i>)."""
    return {name: g for name, g in svg_groups(svg, "node").items()
            if re.fullmatch(r"(v|op)\d+", name)}


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


@pytest.fixture
def renderer_path(monkeypatch):
    """The environment's renderer, whatever PATH says (graphviz-pure ships with gradproof)."""
    monkeypatch.delenv("GRADPROOF_DOT", raising=False)
    program = graph_module.find_renderer()
    assert program is not None, "no renderer: graphviz-pure should be installed with gradproof"
    return program


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
    palette = list(graph_module._PALETTE)
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
    assert fill(nodes[name_of(c, out)]) == graph_module._NO_GRAD_FILL


# -- stable, large and cut-down graphs ---------------------------------------------------------

def test_same_graph_gives_identical_dot_and_svg():
    first, second = micrograd_example(), micrograd_example()  # equal graphs, other ids
    assert draw_graph(first).source == draw_graph(second).source
    assert to_svg(first) == to_svg(second) == to_svg(first)


def test_deep_chain_to_dot_without_recursion_error(tmp_path):
    y = Value(1.0)
    for _ in range(99_999):
        y = -y  # one node per step: 100,000 in all
    path = save_graph(y, tmp_path / "chain.dot")
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


# -- formats, renderers and files ---------------------------------------------------------------

def test_draw_graph_is_a_graphviz_digraph_matching_the_saved_dot(tmp_path):
    import graphviz
    out = micrograd_example()
    g = draw_graph(out, rankdir="TB")
    assert isinstance(g, graphviz.Digraph)
    assert "rankdir=TB" in g.source
    assert save_graph(out, tmp_path / "g.dot", rankdir="TB").read_text() == g.source
    # What Jupyter shows: rendered by our renderer, even with no `dot` installed.
    bundle = g._repr_mimebundle_()
    assert len(graph_nodes(bundle["image/svg+xml"])) == 10


def test_save_png_and_svg(tmp_path, renderer_path):
    out = micrograd_example()
    png = save_graph(out, tmp_path / "g.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 200 and height > 50
    svg = save_graph(out, tmp_path / "G.SVG").read_text()  # the suffix in any case
    assert len(graph_nodes(svg)) == 10
    assert sorted(os.listdir(tmp_path)) == ["G.SVG", "g.png"]  # no temporary file left
    umask = os.umask(0o022)
    os.umask(umask)
    assert (tmp_path / "g.png").stat().st_mode & 0o777 == 0o666 & ~umask  # not private


def test_graphviz_pure_is_used_when_no_dot_is_on_path(tmp_path, monkeypatch, renderer_path):
    pure = shutil.which("graphviz-pure", path=graph_module._scripts_dir())
    assert pure is not None
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot, no graphviz-pure on PATH
    assert graph_module.find_renderer() == pure
    assert "graphviz-pure" in to_svg(micrograd_example())[:400]  # its generator comment


def test_dot_on_path_comes_first(tmp_path, monkeypatch, renderer_path):
    pure = shutil.which("graphviz-pure", path=graph_module._scripts_dir())
    fake_dot = tmp_path / "dot"
    fake_dot.symlink_to(pure)  # a dot-compatible program named dot, standing in for Graphviz's
    monkeypatch.setenv("PATH", str(tmp_path))
    assert graph_module.find_renderer() == str(fake_dot)
    assert len(graph_nodes(to_svg(micrograd_example()))) == 10


def test_no_renderer_says_what_to_install_and_dot_still_works(tmp_path, monkeypatch):
    monkeypatch.delenv("GRADPROOF_DOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(graph_module, "_scripts_dir", lambda: str(tmp_path))
    out = micrograd_example()
    with pytest.raises(RuntimeError, match=r"pip install graphviz-pure.*'dot' is on PATH"):
        to_svg(out)
    with pytest.raises(RuntimeError, match="no Graphviz renderer found to make PNG"):
        save_graph(out, tmp_path / "g.png")
    assert not (tmp_path / "g.png").exists()
    assert "v6 [" in save_graph(out, tmp_path / "g.dot").read_text()


def test_failing_renderer_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "g.svg"
    target.write_text("old")
    monkeypatch.setenv("GRADPROOF_DOT", "false")  # a program that fails
    with pytest.raises(RuntimeError, match=r"false -Tsvg failed \(exit 1\)"):
        save_graph(micrograd_example(), target)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["g.svg"]


def test_gradproof_dot_names_the_renderer(monkeypatch, renderer_path):
    monkeypatch.setenv("GRADPROOF_DOT", "no-such-renderer-here")
    with pytest.raises(RuntimeError, match="GRADPROOF_DOT='no-such-renderer-here' names no"):
        to_svg(micrograd_example())
    monkeypatch.setenv("GRADPROOF_DOT", renderer_path)
    assert graph_module.find_renderer() == renderer_path


def test_labels_with_record_syntax_are_shown_as_written(renderer_path):
    x = Value(1.0, label='x{0} | <y> "q" \\ n')
    out = x * 2.0
    out.backward()
    nodes = graph_nodes(to_svg(out))
    assert texts(nodes["v0"])[0] == 'x{0} | <y> "q" \\ n'
    with name_scope('block "1"'):
        z = Tensor([1.0], requires_grad=True) * 2.0
    assert 'block "1"' in [texts(g)[0] for g in svg_groups(to_svg(z), "cluster").values()]


# -- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("root, name", [(3.0, "float"), ([Value(1.0)], "list"),
                                        (np.ones(2), "ndarray"), (None, "NoneType")])
def test_root_that_is_not_a_node(root, name, tmp_path):
    message = f"expected a Value or Tensor, got {name}"
    for draw in (draw_graph, to_svg, lambda r: save_graph(r, tmp_path / "g.dot")):
        with pytest.raises(TypeError, match=message):
            draw(root)
    assert os.listdir(tmp_path) == []


def test_unknown_format_lists_the_accepted_ones(tmp_path):
    for name in ("g.pdf", "g"):
        with pytest.raises(ValueError, match=r"unknown format .*use one of \.svg, \.png, \.dot"):
            save_graph(micrograd_example(), tmp_path / name)
    assert os.listdir(tmp_path) == []


def test_unknown_rankdir_or_color_by_or_max_nodes():
    out = micrograd_example()
    with pytest.raises(ValueError, match="unknown rankdir 'XY'; use one of LR, TB, RL, BT"):
        draw_graph(out, rankdir="XY")
    with pytest.raises(ValueError, match="unknown color_by 'data'; use None or 'grad'"):
        to_svg(out, color_by="data")
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="max_nodes must be a positive int or None"):
            draw_graph(out, max_nodes=bad)


def test_missing_folder_is_a_clear_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "no" / "such" / "g.svg"
    with pytest.raises(FileNotFoundError, match=r"the folder .*such' does not exist"):
        save_graph(micrograd_example(), path)
    assert os.listdir(tmp_path) == []


def test_public_names():
    assert autograd.draw_graph is draw_graph and autograd.to_svg is to_svg
    assert autograd.save_graph is save_graph
