"""Draw the computation graph: values, gradients, the ops between them, the modules around them.

    draw_graph(root)               a graphviz.Digraph (it shows itself in Jupyter)
    to_svg(root)                   the SVG text
    save_graph(root, "g.svg")      .svg, .png or .dot, chosen by the suffix

A `Value` is drawn as micrograd draws it, `label | data | grad`, with a small node for the op that
made it. A `Tensor` shows its label (or op), shape, dtype and a summary of data and grad. Nodes
made inside `name_scope` blocks (every nn.Module call) sit in a box named after the block.

Big graphs stay quick: by default only the 300 nodes nearest the root are drawn (`max_nodes`,
None for all) and the renderer is stopped after 60 s (`timeout`, None for no limit).

The walk is `toposort`, the one `backward` uses: iterative, so a 100,000-node chain draws, and
deterministic: the same graph gives the same DOT bytes, and so the same SVG, on every run.

    dot.py      the DOT text: the walk, labels' layout, styles, clusters, legend, max_nodes
    labels.py   the text inside nodes: numbers, summaries, escaping
    render.py   finding and running the renderer (`dot`, else graphviz-pure), writing files
    digraph.py  the graphviz.Digraph that draw_graph returns, rendering with the same program

DOT output needs no renderer, and nothing here runs one until a picture is asked for; the
`graphviz` Python package is imported by `draw_graph` only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..node import Node
from .digraph import drawing_class
from .dot import DEFAULT_MAX_NODES, dot_body, dot_source
from .render import DEFAULT_TIMEOUT, check_timeout, find_renderer, run_renderer, write_atomically

__all__ = ["DEFAULT_MAX_NODES", "DEFAULT_TIMEOUT", "draw_graph", "find_renderer", "save_graph",
           "to_svg"]

FORMATS = {".svg": "svg", ".png": "png", ".dot": "dot"}


def draw_graph(root: Node, rankdir: str = "LR", color_by: str | None = None,
               max_nodes: int | None = DEFAULT_MAX_NODES, legend: bool = True, *,
               timeout: float | None = DEFAULT_TIMEOUT) -> Any:
    """The graph below `root` as a `graphviz.Digraph` (its `.source` is the DOT text); its
    `.pipe()`, `.render()` and Jupyter display use gradproof's renderer, as `to_svg` does.

    rankdir: "LR" (left to right, as micrograd), "TB", "RL" or "BT".
    color_by: None (colour by kind of node) or "grad" (by log10 of |grad|: mean |grad| for a
        Tensor), so that vanishing gradients stand out.
    max_nodes: draw only this many nodes, those nearest the root, and a note counting the rest;
        None draws every node.
    timeout: seconds the renderer may run before it is stopped (TimeoutError); None: no limit.
    """
    check_timeout(timeout, "draw_graph")
    body = dot_body(root, rankdir, color_by, max_nodes, legend, caller="draw_graph")
    try:
        import graphviz  # noqa: F401 (imported here so that `import autograd` stays cheap)
    except ImportError:
        raise ImportError(
            "draw_graph returns a graphviz.Digraph and needs the graphviz Python package: "
            "pip install graphviz (to_svg and save_graph work without it)") from None
    return drawing_class()(body=body, format="svg", timeout=timeout)


def to_svg(root: Node, rankdir: str = "LR", color_by: str | None = None,
           max_nodes: int | None = DEFAULT_MAX_NODES, legend: bool = True, *,
           timeout: float | None = DEFAULT_TIMEOUT) -> str:
    """The graph below `root` drawn as SVG text (options as for `draw_graph`)."""
    check_timeout(timeout, "to_svg")
    source = dot_source(dot_body(root, rankdir, color_by, max_nodes, legend, caller="to_svg"))
    return run_renderer(source, "svg", timeout, caller="to_svg").decode("utf-8")


def save_graph(root: Node, path: str | os.PathLike[str], rankdir: str = "LR",
               color_by: str | None = None, max_nodes: int | None = DEFAULT_MAX_NODES,
               legend: bool = True, *, timeout: float | None = DEFAULT_TIMEOUT) -> Path:
    """Write the graph below `root` to `path`: SVG, PNG or DOT by its suffix. Returns the path.
    Options as for `draw_graph`; a .dot file runs no renderer, so `timeout` does not apply.

    The file appears whole or not at all: it is written beside its target and then renamed.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"save_graph: unknown format {path.suffix or '(no suffix)'!r} in "
                         f"{str(path)!r}; use one of {', '.join(FORMATS)}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"save_graph: the folder {str(path.parent)!r} does not exist "
                                f"(nothing was written); create it first")
    check_timeout(timeout, "save_graph")
    source = dot_source(dot_body(root, rankdir, color_by, max_nodes, legend,
                                 caller="save_graph"))
    data = source.encode("utf-8") if fmt == "dot" else run_renderer(source, fmt, timeout,
                                                                    caller="save_graph")
    return write_atomically(path, data, "save_graph")
