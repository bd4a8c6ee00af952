"""The DOT text of a graph: one record per value, an ellipse per op, a box per `name_scope`.

Everything here is linear in the size of the graph (one `toposort`, then passes over its
order), and deterministic: node names come from the topological index, never from `id()`.

Two things keep big graphs drawable. `max_nodes` draws only the nodes nearest the root, with one
note counting the rest. And an edge that would cross more than `MAX_SPAN` ranks (a weight shared
by every step of a recurrent loop, `y = y + x` a thousand times) is drawn as a small tag beside
the op that uses it: `dot` lays out a long edge as a chain of hidden nodes, one per rank crossed,
so a value used at a thousand depths would cost it half a million nodes.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, deque
from typing import Any

from ..arguments import choice, flag, shown
from ..node import Node, toposort
from .labels import grad_magnitude, node_label, op_text, quote, short, short_title

DEFAULT_MAX_NODES = 300  # enough for a small MLP's training step; Graphviz lays it out in a second
MAX_SPAN = 8  # the most ranks an edge crosses before a tag stands in for it
RANKDIRS = ("LR", "TB", "RL", "BT")
COLOR_BY = (None, "grad")

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
_NOTE_STYLE = 'style=filled, fillcolor="#fff3c4"'


def dot_source(body: list[str]) -> str:
    """The text graphviz.Digraph(body=body).source gives, so every output agrees byte for byte."""
    return "digraph {\n" + "".join(body) + "}\n"


def dot_body(root: Node, rankdir: str = "LR", color_by: str | None = None,
             max_nodes: int | None = DEFAULT_MAX_NODES, legend: bool = True,
             caller: str = "draw_graph") -> list[str]:
    """The lines between `digraph {` and `}` (options as for `draw_graph`; `caller` names the
    public function in error messages)."""
    _check_options(root, rankdir, color_by, max_nodes, legend, caller)
    order = toposort(root)
    index = {node: i for i, node in enumerate(order)}  # nodes hash by identity
    kept = index if max_nodes is None else _nearest(root, max_nodes)
    depth = _depths(order, kept)
    colours, scale = _grad_colours(order, kept) if color_by == "grad" else ({}, None)
    scopes = _scopes(order, kept)
    flip = rankdir in ("TB", "BT")  # records lay their fields across the rank direction

    nodes: dict[tuple[str, ...], list[str]] = {}  # lines by scope, each scope a cluster
    edges: list[str] = []
    kinds_seen: set[str] = set()
    tags: set[str] = set()  # the tags drawn in place of long edges
    omitted: Counter[str] = Counter()
    omitted_into: dict[int, int] = {}  # op index: its depth, for each op with a parent left out
    for i, node in enumerate(order):
        if node not in kept:
            omitted[str(node._op) or "leaf"] += 1  # by name: two ops may share one (`**`)
            continue
        kind = _kind(node, root)
        kinds_seen.add(kind)
        lines = nodes.setdefault(scopes[node], [])
        lines.append(f"\tv{i} [label=\"{node_label(node, flip)}\", shape=record, "
                     f"{_node_style(kind, colours.get(node))}]\n")
        if not node._prev:
            continue
        lines.append(f"\top{i} [label=\"{quote(op_text(node), plain=True)}\", shape=ellipse, "
                     "margin=\"0.05,0.02\", height=0.3]\n")
        edges.append(f"\top{i} -> v{i}\n")
        op_depth = depth[node] + 1
        for parent in node._prev:
            if parent not in kept:
                omitted_into[i] = op_depth
            elif depth[parent] - op_depth <= MAX_SPAN:
                edges.append(f"\tv{index[parent]} -> op{i}\n")
            else:
                tag = f"t{index[parent]}_{i}"
                if tag not in tags:  # `a * a`: one tag, two edges, as for a drawn parent
                    tags.add(tag)
                    style = _node_style(_kind(parent, root), colours.get(parent))
                    lines.append(f"\t{tag} [label=\"{quote(short_title(parent), plain=True)}\", "
                                 f"shape=cds, fontsize=9, height=0.25, {style}]\n")
                edges.append(f"\t{tag} -> op{i}\n")

    body = [f"\tgraph [rankdir={rankdir}, fontname=Helvetica, fontsize=11]\n",
            "\tnode [fontname=Helvetica, fontsize=10]\n",
            "\tedge [arrowsize=0.7]\n"]
    body += _clusters(nodes)
    body += edges
    if omitted:
        body += _omitted_note(omitted, max_nodes, omitted_into)
    if legend:
        body.append(_legend(kinds_seen, scale, bool(tags)))
    return body


def _check_options(root: Node, rankdir: str, color_by: str | None, max_nodes: int | None,
                   legend: Any, caller: str) -> None:
    if not isinstance(root, Node):
        raise TypeError(f"{caller}: root must be a Value or Tensor, got {shown(root)}")
    choice(rankdir, "rankdir", caller, RANKDIRS)
    choice(color_by, "color_by", caller, COLOR_BY)
    flag(legend, "legend", caller)
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise ValueError(f"{caller}: max_nodes must be a positive int or None (to draw every "
                         f"node), got {shown(max_nodes)}")


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


def _depths(order: list[Node], kept: set[Node] | dict[Node, int]) -> dict[Node, int]:
    """Each drawn value's rank counted back from the root (a value and its op are one rank
    each), by the longest path: every value sits just before the op furthest from the root
    that uses it, so an edge to any other user crosses `depth[value] - depth[user op]` ranks."""
    depth = {order[-1]: 0}
    for node in reversed(order):  # users before the values they use
        if node._prev and node in kept:
            parent_depth = depth[node] + 2
            for parent in node._prev:
                if parent in kept and depth.get(parent, -1) < parent_depth:
                    depth[parent] = parent_depth
    return depth


def _kind(node: Node, root: Node) -> str:
    if node is root:
        return "output"
    if node._prev:
        return "intermediate"
    return "parameter" if node.requires_grad else "constant"


def _scopes(order: list[Node], kept: set[Node] | dict[Node, int]) -> dict[Node, tuple[str, ...]]:
    """Each drawn node's cluster: its own scope; a parameter made outside any block (a layer's
    weight, made in __init__) joins the block that uses it, when only one drawn block does."""
    scopes = {node: tuple(str(name) for name in getattr(node, "_scope", ()))
              for node in order if node in kept}
    users: dict[Node, set[tuple[str, ...]]] = {}
    for node, scope in scopes.items():
        for parent in node._prev:
            if parent in scopes and not scopes[parent] and parent.is_leaf and parent.requires_grad:
                users.setdefault(parent, set()).add(scope)
    for parent, used_in in users.items():
        if len(used_in) == 1:
            scopes[parent] = next(iter(used_in))
    return scopes


def _clusters(nodes: dict[tuple[str, ...], list[str]]) -> list[str]:
    """The node lines, each scope inside nested `subgraph cluster_k { ... }` blocks.

    Scopes are sorted by where each of their prefixes first appears, so nested scopes come right
    after their parent; then one pass opens and closes braces with a stack (no recursion).
    """
    first: dict[tuple[str, ...], int] = {}
    for scope in nodes:  # in the order their first node was drawn
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
        name = quote(scope[-1], plain=True)
        out.append(f"{indent}\tlabel=\"{name}\"; style=\"rounded,filled\"; "
                   f"fillcolor=\"{'#f4f6fa' if len(scope) % 2 else '#e8ecf3'}\"; "
                   "color=\"#8892a6\"; labeljust=l\n")
        out += [indent + line for line in nodes.get(scope, [])]
        stack.append(scope)
    out += ["\t}\n"] * len(stack)
    return out


@functools.lru_cache(maxsize=64)  # a few kinds and colours, asked for once per node
def _node_style(kind: str, fill: str | None) -> str:
    _, kind_fill, border, width = _KINDS[kind]
    fill = fill or kind_fill
    style = "filled,dashed" if kind == "constant" else "filled"
    font = ", fontcolor=white" if fill in _PALETTE[:4] else ""
    return f'style="{style}", fillcolor="{fill}", color="{border}", penwidth={width}{font}'


def _grad_colours(order: list[Node], kept: set[Node] | dict[Node, int]
                  ) -> tuple[dict[Node, str], tuple[int, int]]:
    """A fill per node: the palette over log10 |grad|, from the smallest to the largest
    (rounded out to whole powers of ten); grey for no or zero gradient, red for nan/inf.
    Also the scale's ends, as powers of ten."""
    sizes = {node: grad_magnitude(node) for node in order if node in kept}
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


def _legend(kinds: set[str], scale: tuple[int, int] | None, tags: bool) -> str:
    """One node holding a table: the kinds of node drawn, and the colour scale if any."""
    import html  # here: `import autograd` stays quick

    rows = []
    for kind, (text, fill, border, _) in _KINDS.items():
        if kind in kinds:
            cell_fill = "#ffffff" if scale else fill
            rows.append(f'<tr><td bgcolor="{cell_fill}" color="{border}" border="1">'
                        f"{html.escape(text)}</td></tr>")
    rows.append('<tr><td border="1">op: the function between values</td></tr>')
    if tags:
        rows.append('<tr><td border="1">small tag: a value drawn in full further back, '
                    "repeated where it is used again</td></tr>")
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


def _omitted_note(omitted: Counter[str], max_nodes: int | None,
                  omitted_into: dict[int, int]) -> list[str]:
    """The note counting what was left out, with a dashed edge to each op that lost a parent
    (a small note of its own beside an op too far from the big one, as for any long edge)."""
    total = sum(omitted.values())
    parts = ", ".join(f"{count:,} {op}" for op, count in sorted(omitted.items(),
                                                                key=lambda kv: (-kv[1], kv[0])))
    text = (f"{total:,} more node{'s' * (total != 1)} not drawn (max_nodes={max_nodes}):\n"
            f"{short(parts, 200)}\nmax_nodes=None draws them all")
    lines = [f"\tomitted [shape=note, {_NOTE_STYLE}, label=\"{quote(text, plain=True)}\"]\n"]
    note_depth = max(omitted_into.values(), default=0) + 1
    for i, op_depth in omitted_into.items():
        if note_depth - op_depth <= MAX_SPAN:
            lines.append(f"\tomitted -> op{i} [style=dashed]\n")
        else:
            lines.append(f"\tomitted_{i} [shape=note, {_NOTE_STYLE}, fontsize=9, height=0.25, "
                         "label=\"not drawn\"]\n")
            lines.append(f"\tomitted_{i} -> op{i} [style=dashed]\n")
    return lines
