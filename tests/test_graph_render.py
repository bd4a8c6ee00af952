"""Graph drawing, the pictures and files: which renderer runs, its time limit, atomic files, and
the graphviz.Digraph that draw_graph returns rendering with no system Graphviz."""

from __future__ import annotations

import inspect
import os
import shutil
import stat
import time

import pytest
from graph_helpers import graph_nodes, micrograd_example

from autograd import draw_graph, save_graph, to_svg
from autograd.graph import render as graph_render

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
needs_posix = pytest.mark.skipif(os.name != "posix", reason="the fake renderers are sh scripts")


@pytest.fixture
def renderer_path(monkeypatch):
    """The environment's renderer, whatever PATH says (graphviz-pure ships with gradproof)."""
    monkeypatch.delenv("GRADPROOF_DOT", raising=False)
    program = graph_render.find_renderer()
    assert program is not None, "no renderer: graphviz-pure should be installed with gradproof"
    return program


@pytest.fixture
def no_dot_on_path(tmp_path, monkeypatch):
    """A PATH with no `dot` (nor graphviz-pure): the graphviz package alone could draw nothing."""
    empty = tmp_path / "empty_path"
    empty.mkdir()
    monkeypatch.delenv("GRADPROOF_DOT", raising=False)
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None
    assert "graphviz-pure" in os.path.basename(graph_render.find_renderer())


def fake_renderer(folder, name: str, script: str) -> str:
    """An executable sh script standing in for the renderer; returns its path."""
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def stops(pid: int, within: float = 5.0) -> bool:
    """Whether process `pid` is gone within `within` seconds: a killed process closes its pipes
    (so our call returns) a moment before the kernel marks it dead."""
    deadline = time.monotonic() + within
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def running(pid: int) -> bool:
    """Whether process `pid` is alive (a zombie, dead but not yet collected, is not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:  # gone, or no /proc on this system
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# -- formats, renderers and files ------------------------------------------------------------

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
    pure = shutil.which("graphviz-pure", path=graph_render._scripts_dir())
    assert pure is not None
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot, no graphviz-pure on PATH
    assert graph_render.find_renderer() == pure
    assert "graphviz-pure" in to_svg(micrograd_example())[:400]  # its generator comment


def test_dot_on_path_comes_first(tmp_path, monkeypatch, renderer_path):
    pure = shutil.which("graphviz-pure", path=graph_render._scripts_dir())
    fake_dot = tmp_path / "dot"
    fake_dot.symlink_to(pure)  # a dot-compatible program named dot, standing in for Graphviz's
    monkeypatch.setenv("PATH", str(tmp_path))
    assert graph_render.find_renderer() == str(fake_dot)
    assert len(graph_nodes(to_svg(micrograd_example()))) == 10


def test_no_renderer_says_what_to_install_and_dot_still_works(tmp_path, monkeypatch):
    monkeypatch.delenv("GRADPROOF_DOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(graph_render, "_scripts_dir", lambda: str(tmp_path))
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
    assert graph_render.find_renderer() == renderer_path



def test_unknown_format_lists_the_accepted_ones(tmp_path):
    for name in ("g.pdf", "g"):
        with pytest.raises(ValueError, match=r"unknown format .*use one of \.svg, \.png, \.dot"):
            save_graph(micrograd_example(), tmp_path / name)
    assert os.listdir(tmp_path) == []


def test_missing_folder_is_a_clear_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "no" / "such" / "g.svg"
    with pytest.raises(FileNotFoundError, match=r"the folder .*such' does not exist"):
        save_graph(micrograd_example(), path)
    assert os.listdir(tmp_path) == []




# -- time limits ----------------------------------------------------------------------------------

def test_defaults_are_300_nodes_and_60_seconds():
    for draw in (draw_graph, to_svg, save_graph):
        parameters = inspect.signature(draw).parameters
        assert parameters["max_nodes"].default == 300
        assert parameters["timeout"].default == 60


@needs_posix
def test_renderer_past_its_time_is_stopped_with_what_it_started(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    # A wrapper with two children: one holds the output pipe (stopping the wrapper alone would
    # leave us waiting for it), one does not (stopping the wrapper alone would leave it running).
    monkeypatch.setenv("GRADPROOF_DOT", fake_renderer(tmp_path, "slow-dot", (
        "sleep 30 &\nholder=$!\nsleep 120 </dev/null >/dev/null 2>&1 &\n"
        f'echo $$ $holder $! > "{pids}"\nwait\n')))
    with pytest.raises(TimeoutError, match=(
            r"to_svg: .*slow-dot -Tsvg did not finish within 0\.5 s and was stopped\. Draw "
            r"fewer nodes \(a smaller max_nodes=\), allow more time \(a larger timeout=, or "
            r"timeout=None for no limit\), or save the graph as \.dot")):
        to_svg(micrograd_example(), timeout=0.5)
    assert all(stops(int(pid)) for pid in pids.read_text().split())


@needs_posix
def test_timeout_stops_save_graph_and_leaves_the_old_file(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADPROOF_DOT", fake_renderer(tmp_path, "stuck-dot", "exec sleep 30\n"))
    target = tmp_path / "g.svg"
    target.write_text("old")
    with pytest.raises(TimeoutError, match=r"save_graph: .*stuck-dot -Tsvg did not finish"):
        save_graph(micrograd_example(), target, timeout=0.3)
    assert target.read_text() == "old"
    save_graph(micrograd_example(), tmp_path / "g.dot", timeout=0.3)  # .dot runs no renderer
    assert sorted(os.listdir(tmp_path)) == ["g.dot", "g.svg", "stuck-dot"]


@needs_posix
def test_timeout_none_waits_for_a_slow_renderer(tmp_path, monkeypatch, renderer_path):
    monkeypatch.setenv("GRADPROOF_DOT", fake_renderer(
        tmp_path, "late-dot", f'sleep 0.6\nexec "{renderer_path}" "$@"\n'))
    with pytest.raises(TimeoutError):
        to_svg(micrograd_example(), timeout=0.2)
    assert len(graph_nodes(to_svg(micrograd_example(), timeout=None))) == 10


@pytest.mark.parametrize("bad", [0, -1.0, "60", True, float("nan")])
def test_timeout_must_be_a_positive_number_or_none(bad, tmp_path):
    out = micrograd_example()
    for name, draw in (("draw_graph", draw_graph), ("to_svg", to_svg),
                       ("save_graph", lambda r, timeout: save_graph(r, tmp_path / "g.svg",
                                                                    timeout=timeout))):
        with pytest.raises(ValueError, match=rf"{name}: timeout must be a positive number of "
                                             r"seconds or None \(no limit\), got"):
            draw(out, timeout=bad)
    assert os.listdir(tmp_path) == []


# -- the Digraph's own pipe() and render() --------------------------------------------------------

def test_digraph_pipe_needs_no_system_dot(no_dot_on_path):
    import graphviz
    g = draw_graph(micrograd_example())
    with pytest.raises(graphviz.ExecutableNotFound):  # what graphviz alone does here
        graphviz.Source(g.source).pipe(format="svg")
    svg = g.pipe(format="svg")
    assert isinstance(svg, bytes) and len(graph_nodes(svg.decode())) == 10
    assert g.pipe() == svg  # SVG unless told otherwise: PDF needs a system Graphviz
    assert g.pipe(format="svg", encoding="utf-8") == svg.decode()
    assert g.pipe(format="png")[:8] == PNG_MAGIC
    neato = g.pipe(format="svg", engine="neato", encoding="utf-8")
    assert len(graph_nodes(neato)) == 10 and neato != svg.decode()  # another layout


def test_digraph_render_writes_where_graphviz_would(no_dot_on_path, tmp_path, monkeypatch):
    g = draw_graph(micrograd_example())
    # graphviz's rules: the source goes to filename (in directory), the picture beside it with
    # the format appended, or to outfile, whose suffix gives the format.
    assert g.render(tmp_path / "g.gv") == str(tmp_path / "g.gv.svg")
    assert (tmp_path / "g.gv").read_text() == g.source
    assert len(graph_nodes((tmp_path / "g.gv.svg").read_text())) == 10
    assert g.render("h", directory=tmp_path, format="png", cleanup=True) == str(tmp_path / "h.png")
    assert (tmp_path / "h.png").read_bytes()[:8] == PNG_MAGIC and not (tmp_path / "h").exists()
    assert g.render(outfile=tmp_path / "out.png") == str(tmp_path / "out.png")
    assert (tmp_path / "out.png").read_bytes()[:8] == PNG_MAGIC
    assert (tmp_path / "out.gv").read_text() == g.source
    viewed = []
    monkeypatch.setattr(g, "_view", lambda path, **how: viewed.append((path, how["format"])))
    g.view(tmp_path / "v.gv")  # graphviz's view() is render(view=True)
    assert viewed == [(tmp_path / "v.gv.svg", "svg")]
    assert sorted(os.listdir(tmp_path)) == ["empty_path", "g.gv", "g.gv.svg", "h.png", "out.gv",
                                            "out.png", "v.gv", "v.gv.svg"]


def test_digraph_refuses_options_its_renderer_cannot_honour(no_dot_on_path, tmp_path):
    g = draw_graph(micrograd_example())
    for options in ({"renderer": "cairo"}, {"renderer": "cairo", "formatter": "cairo"},
                    {"neato_no_op": 1}):
        name = next(iter(options))  # the first one refused
        with pytest.raises(ValueError, match=rf"pipe: {name}=.* is not supported: gradproof "
                                             r"runs .*graphviz-pure"):
            g.pipe(format="png", **options)
        with pytest.raises(ValueError, match=rf"render: {name}=.* is not supported"):
            g.render(tmp_path / "g.gv", format="png", **options)
    with pytest.raises(ValueError, match=r"pipe: unknown format 'bogus'; use one of .*svg"):
        g.pipe(format="bogus")
    with pytest.raises(ValueError, match=r"pipe: unknown engine 'bogus'; use one of .*neato"):
        g.pipe(engine="bogus")
    with pytest.raises(ValueError, match=r"render: cannot tell the format from the suffix"):
        g.render(outfile=tmp_path / "g.unknown")
    with pytest.raises(ValueError, match=r"render: outfile .* is the DOT source file"):
        g.render(tmp_path / "same.svg", outfile=tmp_path / "same.svg")
    assert os.listdir(tmp_path) == ["empty_path"]  # nothing written


@needs_posix
def test_digraph_keeps_the_time_limit_it_was_drawn_with(tmp_path, monkeypatch):
    g = draw_graph(micrograd_example(), timeout=0.3)
    monkeypatch.setenv("GRADPROOF_DOT", fake_renderer(tmp_path, "stuck-dot", "exec sleep 30\n"))
    with pytest.raises(TimeoutError, match=r"pipe: .*stuck-dot -Tsvg -Kdot did not finish "
                                           r"within 0\.3 s"):
        g.pipe(format="svg")
    with pytest.raises(TimeoutError, match=r"render: .* within 0\.2 s"):
        g.copy().render(tmp_path / "g.gv", timeout=0.2)
    assert g.copy().timeout == 0.3
    with pytest.raises(TimeoutError):
        g._repr_mimebundle_()  # Jupyter's display
    assert os.listdir(tmp_path) == ["stuck-dot"]  # a failed render writes no source either
    monkeypatch.setenv("GRADPROOF_DOT", "false")
    with pytest.raises(RuntimeError, match=r"pipe: .*false -Tpng -Kdot failed \(exit 1\)"):
        g.pipe(format="png")
