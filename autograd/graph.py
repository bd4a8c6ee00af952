"""Draw the computation graph: values, gradients, the ops between them, the modules around them.

    draw_graph(root)               a graphviz.Digraph (it shows itself in Jupyter)
    to_svg(root)                   the SVG text
    save_graph(root, "g.svg")      .svg, .png or .dot, chosen by the suffix

A `Value` is drawn as micrograd draws it, `label | data | grad`, with a small node for the op that
made it. A `Tensor` shows its label (or op), shape, dtype and a summary of data and grad. Nodes
made inside `name_scope` blocks (every nn.Module call) sit in a box named after the block.

The walk is `toposort`, the one `backward` uses: iterative, so a 100,000-node chain draws, and
deterministic: node names come from the topological index, never from `id()`, so the same graph
gives the same DOT bytes, and so the same SVG, on every run.

Rendering runs Graphviz's `dot` when it is on PATH, otherwise `graphviz-pure` (a dot-compatible
program installed from PyPI with gradproof). DOT output needs neither, and neither does anything
here until a picture is asked for: the `graphviz` Python package is imported by `draw_graph` only.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections import Counter, deque
from pathlib import Path
from typing import Any

import numpy as np

from .node import Node, toposort

RANKDIRS = ("LR", "TB", "RL", "BT")
COLOR_BY = (None, "grad")
FORMATS = {".svg": "svg", ".png": "png", ".dot": "dot"}
SMALL = 6  # a Tensor with at most this many numbers shows them all; a larger one min/mean/max

# How each kind of node looks. The border tells the kind in both modes; the fill tells the kind
# normally and the gradient's size with color_by="grad".
_KINDS = {  # kind: (legend text, fill, border colour, border width)
    "output": ("output (the root)", "#c7f0d8", "#1a7f37", 2.5),
    "parameter": ("parameter: leaf that gets a grad", "#d6e6ff", "#1f5fbf", 1.5),
    "constant": ("constant: leaf with no grad (dashed)", "#eeeeee", "#777777", 1.0),
    "intermediate": ("intermediate result", "#ffffff", "#000000", 1.0),
}
# viridis, dark (vanishing) to bright (large); text on the first four is white.
_PALETTE = ("#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39", "#fde725")
_NO_GRAD_FILL = "#d9d9d9"
_NONFINITE_FILL = "#ff4d4d"


def draw_graph(root: Node, rankdir: str = "LR", color_by: str | None = None,
               max_nodes: int | None = None, legend: bool = True) -> Any:
    """The graph below `root` as a `graphviz.Digraph` (its `.source` is the DOT text).

    rankdir: "LR" (left to right, as micrograd), "TB", "RL" or "BT".
    color_by: None (colour by kind of node) or "grad" (by log10 of |grad|: mean |grad| for a
        Tensor), so that vanishing gradients stand out.
    max_nodes: draw only the this many nodes nearest the root, and one note of what was left out.
    """
    body = _dot_body(root, rankdir, color_by, max_nodes, legend)
    try:
        import graphviz  # noqa: F401 (imported here so that `import autograd` stays cheap)
    except ImportError:
        raise ImportError(
            "draw_graph returns a graphviz.Digraph and needs the graphviz Python package: "
            "pip install graphviz (to_svg and save_graph work without it)") from None
    return _digraph_class()(body=body)


def to_svg(root: Node, rankdir: str = "LR", color_by: str | None = None,
           max_nodes: int | None = None, legend: bool = True) -> str:
    """The graph below `root` drawn as SVG text (options as for `draw_graph`)."""
    source = _dot_source(_dot_body(root, rankdir, color_by, max_nodes, legend))
    return render(source, "svg").decode("utf-8")


def save_graph(root: Node, path: str | os.PathLike[str], rankdir: str = "LR",
               color_by: str | None = None, max_nodes: int | None = None,
               legend: bool = True) -> Path:
    """Write the graph below `root` to `path`: SVG, PNG or DOT by its suffix. Returns the path.

    The file appears whole or not at all: it is written beside its target and then renamed.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"save_graph: unknown format {path.suffix or '(no suffix)'!r} in "
                         f"{str(path)!r}; use one of {', '.join(FORMATS)}")
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"save_graph: the folder {str(folder)!r} does not exist "
                                f"(nothing was written); create it first")
    source = _dot_source(_dot_body(root, rankdir, color_by, max_nodes, legend))
    data = source.encode("utf-8") if fmt == "dot" else render(source, fmt)
    import secrets  # here and below: modules only drawing needs, so `import autograd` is quick

    # Not tempfile.mkstemp: its files are private (0600); this one gets the usual umask mode.
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


# -- finding and running a renderer ----------------------------------------------------------

def find_renderer() -> str | None:
    """The program that turns DOT into pictures: `$GRADPROOF_DOT`, else Graphviz's `dot` on
    PATH, else `graphviz-pure` (on PATH, or beside this Python when its venv is not activated)."""
    import shutil
    chosen = os.environ.get("GRADPROOF_DOT")
    if chosen:
        return shutil.which(chosen)
    return (shutil.which("dot") or shutil.which("graphviz-pure")
            or shutil.which("graphviz-pure", path=_scripts_dir()))


def _scripts_dir() -> str:
    """Where pip put this environment's programs (graphviz-pure among them)."""
    import sysconfig

    return sysconfig.get_path("scripts")


def render(source: str, fmt: str) -> bytes:
    """DOT text to "svg" or "png" bytes, with the program `find_renderer` finds."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"render: unknown format {fmt!r}; use 'svg' or 'png'")
    program = find_renderer()
    if program is None:
        chosen = os.environ.get("GRADPROOF_DOT")
        if chosen:
            raise RuntimeError(f"GRADPROOF_DOT={chosen!r} names no program found on PATH")
        raise RuntimeError(
            f"no Graphviz renderer found to make {fmt.upper()}: install one with "
            "'pip install graphviz-pure' (in this environment), or install Graphviz so that "
            "'dot' is on PATH; or save to a .dot file, which needs no renderer")
    import subprocess

    done = subprocess.run([program, f"-T{fmt}"], input=source.encode("utf-8"),
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{program} -T{fmt} failed (exit {done.returncode}): "
                           f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout


_DIGRAPH_CLASS: Any = None


def _digraph_class() -> Any:
    """graphviz.Digraph, rendering in Jupyter with our renderer (graphviz-pure has no `dot`)."""
    global _DIGRAPH_CLASS
    if _DIGRAPH_CLASS is None:
        import graphviz

        class GraphDrawing(graphviz.Digraph):
            def _repr_image_svg_xml(self) -> str:
                return render(self.source, "svg").decode("utf-8")

            def _repr_image_png(self) -> bytes:
                return render(self.source, "png")

        _DIGRAPH_CLASS = GraphDrawing
    return _DIGRAPH_CLASS


# -- building the DOT text ---------------------------------------------------------------------

def _dot_source(body: list[str]) -> str:
    """The text graphviz.Digraph(body=body).source gives, so every output agrees byte for byte."""
    return "digraph {\n" + "".join(body) + "}\n"


def _dot_body(root: Node, rankdir: str, color_by: str | None, max_nodes: int | None,
              legend: bool) -> list[str]:
    if not isinstance(root, Node):
        raise TypeError(f"draw_graph: expected a Value or Tensor, got {type(root).__name__}: "
                        f"{_short(repr(root), 60)}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw_graph: unknown rankdir {rankdir!r}; use one of "
                         f"{', '.join(RANKDIRS)}")
    if color_by not in COLOR_BY:
        raise ValueError(f"draw_graph: unknown color_by {color_by!r}; use None or 'grad'")
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise ValueError(f"draw_graph: max_nodes must be a positive int or None, "
                         f"got {max_nodes!r}")

    order = toposort(root)
    index = {node: i for i, node in enumerate(order)}  # nodes hash by identity
    kept = set(order) if max_nodes is None else _nearest(root, max_nodes)
    colours, scale = _grad_colours(order, kept) if color_by == "grad" else ({}, None)
    scopes = _scopes(order, kept)
    flip = rankdir in ("TB", "BT")  # records lay their fields across the rank direction

    nodes: dict[tuple[str, ...], list[str]] = {}  # lines by scope, each scope a cluster
    edges: list[str] = []
    kinds_seen: set[str] = set()
    omitted: Counter[str] = Counter()
    omitted_into: dict[str, None] = {}  # op nodes with a parent left out, in order
    for i, node in enumerate(order):
        if node not in kept:
            omitted[node._op or "leaf"] += 1
            continue
        kind = _kind(node, root)
        kinds_seen.add(kind)
        lines = nodes.setdefault(scopes[node], [])
        lines.append(f"\tv{i} [label=\"{_node_label(node, flip)}\", shape=record, "
                     f"{_node_style(kind, colours.get(node))}]\n")
        if not node._prev:
            continue
        lines.append(f"\top{i} [label=\"{_quote(_op_text(node), plain=True)}\", shape=ellipse, "
                     "margin=\"0.05,0.02\", height=0.3]\n")
        edges.append(f"\top{i} -> v{i}\n")
        for parent in node._prev:
            if parent in kept:
                edges.append(f"\tv{index[parent]} -> op{i}\n")
            else:
                omitted_into[f"op{i}"] = None

    body = [f"\tgraph [rankdir={rankdir}, fontname=Helvetica, fontsize=11]\n",
            "\tnode [fontname=Helvetica, fontsize=10]\n",
            "\tedge [arrowsize=0.7]\n"]
    body += _clusters(nodes, order, scopes)
    body += edges
    if omitted:
        body.append(_omitted_note(omitted, max_nodes))
        body += [f"\tomitted -> {op} [style=dashed]\n" for op in omitted_into]
    if legend:
        body.append(_legend(kinds_seen, scale))
    return body


def _nearest(root: Node, max_nodes: int) -> set[Node]:
    """The max_nodes nodes closest to the root (breadth first, parents in order)."""
    kept = {root}
    queue = deque([root])
    while queue and len(kept) < max_nodes:
        for parent in queue.popleft()._prev:
            if parent not in kept and len(kept) < max_nodes:
                kept.add(parent)
                queue.append(parent)
    return kept


def _kind(node: Node, root: Node) -> str:
    if node is root:
        return "output"
    if node._prev:
        return "intermediate"
    return "parameter" if node.requires_grad else "constant"


def _scopes(order: list[Node], kept: set[Node]) -> dict[Node, tuple[str, ...]]:
    """Each node's cluster: its own scope; a parameter made outside any block (a layer's
    weight, made in __init__) joins the block that uses it, when only one block does."""
    scopes = {node: tuple(str(name) for name in node._scope) for node in order}
    users: dict[Node, set[tuple[str, ...]]] = {}
    for node in order:
        for parent in node._prev:
            users.setdefault(parent, set()).add(scopes[node])
    for node in order:
        if not node._prev and not scopes[node] and node.requires_grad and node in kept:
            used_in = users.get(node, set())
            if len(used_in) == 1:
                scopes[node] = next(iter(used_in))
    return scopes


def _clusters(nodes: dict[tuple[str, ...], list[str]], order: list[Node],
              scopes: dict[Node, tuple[str, ...]]) -> list[str]:
    """The node lines, each scope inside nested `subgraph cluster_k { ... }` blocks.

    Scopes are sorted by where each of their prefixes first appears, so nested scopes come right
    after their parent; then one pass opens and closes braces with a stack (no recursion).
    """
    first: dict[tuple[str, ...], int] = {}
    for node in order:
        scope = scopes[node]
        for depth in range(1, len(scope) + 1):
            first.setdefault(scope[:depth], len(first))
    for scope in nodes:
        for depth in range(1, len(scope) + 1):
            first.setdefault(scope[:depth], len(first))

    def key(scope: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(first[scope[:d]] for d in range(1, len(scope) + 1))

    out = list(nodes.get((), []))
    stack: list[tuple[str, ...]] = []
    for scope in sorted(first, key=key):
        while stack and scope[: len(stack[-1])] != stack[-1]:
            stack.pop()
            out.append("\t}\n")
        indent = "\t" * (len(stack) + 1)
        out.append(f"{indent}subgraph cluster_{first[scope]} {{\n")
        name = _quote(scope[-1], plain=True)
        out.append(f"{indent}\tlabel=\"{name}\"; style=\"rounded,filled\"; "
                   f"fillcolor=\"{'#f4f6fa' if len(scope) % 2 else '#e8ecf3'}\"; "
                   "color=\"#8892a6\"; labeljust=l\n")
        out += [indent + line for line in nodes.get(scope, [])]
        stack.append(scope)
    out += ["\t}\n"] * len(stack)
    return out


def _node_label(node: Node, flip: bool) -> str:
    """A record label: micrograd's `label | data | grad` for a Value, more rows for a Tensor."""
    label = getattr(node, "label", "")
    grad = node.grad.data if isinstance(node.grad, Node) else node.grad
    if isinstance(node.data, np.ndarray):
        title = label or node._op or _kind_title(node)
        fields = [title, f"{node.data.shape} {node.data.dtype}",
                  f"data {summary(node.data)}",
                  f"grad {'none' if grad is None else summary(grad)}"]
        braces = flip  # a Tensor's rows stack along the rank direction
    else:
        fields = ([label] if label else []) + [f"data {number(node.data)}",
                                               f"grad {number(grad)}"]
        braces = not flip  # a Value's fields run across, as in micrograd
    text = " | ".join(_record_field(f) for f in fields)
    return _quote("{ " + text + " }" if braces else text)


def _kind_title(node: Node) -> str:
    return "parameter" if node.requires_grad else "constant"


def _op_text(node: Node) -> str:
    """The op's name and its non-node arguments, shortened (`** 2`, `sum (1,)`)."""
    if not node._args:
        return node._op
    shown = [a for a in node._args if a is not None and a is not False]  # defaults say little
    args = ", ".join(f"array{a.shape}" if isinstance(a, np.ndarray) else repr(a) for a in shown)
    return f"{node._op} {_short(args, 24)}".rstrip()


@functools.lru_cache(maxsize=64)  # a few kinds and colours, asked for once per node
def _node_style(kind: str, fill: str | None) -> str:
    _, kind_fill, border, width = _KINDS[kind]
    fill = fill or kind_fill
    style = "filled,dashed" if kind == "constant" else "filled"
    font = ", fontcolor=white" if fill in _PALETTE[:4] else ""
    return f'style="{style}", fillcolor="{fill}", color="{border}", penwidth={width}{font}'


def _grad_magnitude(node: Node) -> float | None:
    grad = node.grad.data if isinstance(node.grad, Node) else node.grad
    if grad is None:
        return None
    return float(np.mean(np.abs(grad))) if isinstance(grad, np.ndarray) else abs(float(grad))


def _grad_colours(order: list[Node], kept: set[Node]) -> tuple[dict[Node, str], tuple[int, int]]:
    """A fill per node: the palette over log10 |grad|, from the smallest to the largest
    (rounded out to whole powers of ten); grey for no or zero gradient, red for nan/inf.
    Also the scale's ends, as powers of ten."""
    sizes = {node: _grad_magnitude(node) for node in order if node in kept}
    finite = [m for m in sizes.values() if m is not None and m > 0 and math.isfinite(m)]
    lo = math.floor(math.log10(min(finite))) if finite else 0
    hi = max(math.ceil(math.log10(max(finite))), lo + 1) if finite else 1
    colours: dict[Node, str] = {}
    steps = len(_PALETTE) - 1
    for node, m in sizes.items():
        if m is None or m == 0:
            colours[node] = _NO_GRAD_FILL
        elif not math.isfinite(m):
            colours[node] = _NONFINITE_FILL
        else:
            colours[node] = _PALETTE[round((math.log10(m) - lo) / (hi - lo) * steps)]
    return colours, (lo, hi)


def _legend(kinds: set[str], scale: tuple[int, int] | None) -> str:
    """One node holding a table: the kinds of node drawn, and the colour scale if any."""
    import html

    rows = []
    for kind, (text, fill, border, _) in _KINDS.items():
        if kind in kinds:
            cell_fill = "#ffffff" if scale else fill
            rows.append(f'<tr><td bgcolor="{cell_fill}" color="{border}" border="1">'
                        f"{html.escape(text)}</td></tr>")
    rows.append('<tr><td border="1">op: the function between values</td></tr>')
    if scale:
        lo, hi = scale
        rows.append("<tr><td>fill: |grad| (Tensor: mean |grad|), log scale</td></tr>")
        steps = len(_PALETTE) - 1
        for k, fill in enumerate(_PALETTE):
            font = ' color="white"' if fill in _PALETTE[:4] else ""
            value = 10 ** (lo + (hi - lo) * k / steps)
            rows.append(f'<tr><td bgcolor="{fill}" border="1"><font{font}>'
                        f"{value:.0e}</font></td></tr>")
        rows.append(f'<tr><td bgcolor="{_NO_GRAD_FILL}" border="1">no grad or 0</td></tr>')
        rows.append(f'<tr><td bgcolor="{_NONFINITE_FILL}" border="1">nan or inf</td></tr>')
    table = ('<table border="0" cellborder="0" cellspacing="2" cellpadding="3">'
             '<tr><td><b>legend</b></td></tr>' + "".join(rows) + "</table>")
    return f"\tlegend [shape=plaintext, margin=0, label=<{table}>]\n"


def _omitted_note(omitted: Counter[str], max_nodes: int | None) -> str:
    total = sum(omitted.values())
    parts = ", ".join(f"{count} {op}" for op, count in sorted(omitted.items(),
                                                              key=lambda kv: (-kv[1], kv[0])))
    text = (f"{total} more node{'s' * (total != 1)} not drawn (max_nodes={max_nodes}):\n"
            f"{_short(parts, 200)}")
    label = _quote(text, plain=True)
    return f"\tomitted [shape=note, style=filled, fillcolor=\"#fff3c4\", label=\"{label}\"]\n"


# -- numbers and text --------------------------------------------------------------------------

def number(x: Any) -> str:
    """A Value's number as drawn: micrograd's 4 decimals, or 3 significant digits and an
    exponent when 4 decimals would hide it (a vanishing gradient of 1e-9 is not 0.0000)."""
    x = float(x)
    if x == 0 or (1e-4 <= abs(x) < 1e6):
        return f"{x:.4f}"
    return f"{x:.3e}" if math.isfinite(x) else str(x)


def summary(a: Any) -> str:
    """A Tensor's data or grad as drawn: the numbers when few, else min, mean and max."""
    a = np.asarray(a)
    if a.size == 0:
        return "empty"
    if a.size <= SMALL:
        if a.ndim == 0:
            return f"{float(a):.4g}"
        text = np.array2string(a, separator=", ", max_line_width=10**6,
                               formatter={"float_kind": lambda v: f"{v:.4g}"})
        return re.sub(r"\s*\n\s*", " ", text)
    return f"min {a.min():.4g} mean {a.mean():.4g} max {a.max():.4g}"


_RECORD_ESCAPES = str.maketrans({c: "\\" + c for c in "{}|<>\\"} | {"\n": " "})


def _record_field(text: str) -> str:
    """Escape what a record label reads as structure ({ } | < >), so any text shows as is."""
    return text.translate(_RECORD_ESCAPES)


def _quote(text: str, plain: bool = False) -> str:
    """Text for inside a DOT "..." string: quotes escaped, newlines as DOT's \\n; with plain=True
    backslashes too (a record label has already escaped its own)."""
    if plain:
        text = text.replace("\\", "\\\\")
    return text.replace('"', '\\"').replace("\n", "\\n")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
