"""What `draw_graph` returns: a `graphviz.Digraph` whose `pipe()`, `render()`, `view()` and
Jupyter display run gradproof's renderer (`dot` when on PATH, else graphviz-pure), so that they
work with no system Graphviz, and stop it after the drawing's time limit.

The class is made on first use: the graphviz package is imported only when a graph is drawn.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .render import DEFAULT_TIMEOUT, check_timeout, find_renderer, run_renderer, write_atomically

_UNSET: Any = object()  # "the drawing's own timeout", which None (no limit) cannot mean
_CLASS: Any = None


def drawing_class() -> Any:
    """The graphviz.Digraph subclass `draw_graph` returns."""
    global _CLASS
    if _CLASS is None:
        _CLASS = _make_class()
    return _CLASS


def _make_class() -> Any:
    import graphviz

    class GraphDrawing(graphviz.Digraph):
        """A graphviz.Digraph drawn by gradproof: `pipe`, `render` and `view` take graphviz's
        arguments, and `timeout=` (seconds, or None for no limit: the drawing's by default)."""

        def __init__(self, *args: Any, timeout: float | None = DEFAULT_TIMEOUT,
                     **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            check_timeout(timeout, "draw_graph")
            self.timeout = timeout

        def _copy_kwargs(self, **kwargs: Any) -> dict[str, Any]:
            """What copy() passes to __init__: graphviz's, and the time limit (added after the
            call, as graphviz's own Dot._copy_kwargs drops keywords it does not know)."""
            return {**super()._copy_kwargs(**kwargs), "timeout": self.timeout}

        def pipe(self, format: str | None = None, renderer: str | None = None,  # noqa: A002
                 formatter: str | None = None, neato_no_op: bool | int | None = None,
                 quiet: bool = False, *, engine: str | None = None,
                 encoding: str | None = None, timeout: float | None = _UNSET) -> bytes | str:
            """The drawing as `format` bytes (a str when `encoding` is given)."""
            where = "draw_graph(...).pipe"
            fmt, engine = self._options(where, format, renderer, formatter, neato_no_op, engine)
            data = run_renderer(self.source, fmt, self._timeout(timeout, where), engine=engine,
                                quiet=quiet, caller=where)
            return data if encoding is None else data.decode(encoding)

        def render(self, filename: str | os.PathLike[str] | None = None,
                   directory: str | os.PathLike[str] | None = None, view: bool = False,
                   cleanup: bool = False, format: str | None = None,  # noqa: A002
                   renderer: str | None = None, formatter: str | None = None,
                   neato_no_op: bool | int | None = None, quiet: bool = False,
                   quiet_view: bool = False, *, outfile: str | os.PathLike[str] | None = None,
                   engine: str | None = None, raise_if_result_exists: bool = False,
                   overwrite_source: bool = False, timeout: float | None = _UNSET) -> str:
            """Save the DOT source (`filename`, default `name.gv`, in `directory`) and draw it
            into `outfile`, default the source's path + "." + format. Returns that path."""
            where = "draw_graph(...).render"
            if raise_if_result_exists and overwrite_source:
                raise ValueError(f"{where}: overwrite_source cannot be combined with "
                                 "raise_if_result_exists")
            if outfile is not None:  # as graphviz: the format follows the outfile's suffix
                outfile = Path(outfile)
                format = _format_of(outfile, format, where)  # noqa: A001
                if directory is None:
                    outfile = Path(self.directory, outfile)
            fmt, engine = self._options(where, format, renderer, formatter, neato_no_op, engine)
            limit = self._timeout(timeout, where)
            if outfile is not None and filename is None:
                filename = outfile.with_suffix(".gv")
            source_path = Path(self.directory if directory is None else directory,
                               self.filename if filename is None else filename)
            target = Path(f"{source_path}.{fmt}") if outfile is None else outfile
            if not overwrite_source and target.resolve() == source_path.resolve():
                raise ValueError(f"{where}: outfile {str(target)!r} is the DOT source file "
                                 "(pass overwrite_source=True to replace it)")
            if raise_if_result_exists and target.exists():
                raise graphviz.FileExistsError(f"output file exists: {str(target)!r}")
            data = run_renderer(self.source, fmt, limit, engine=engine, quiet=quiet,
                                caller=where)
            filepath = self.save(filename, directory=directory)
            write_atomically(target, data, where)
            if cleanup:
                os.remove(filepath)
            if view or quiet_view:
                self._view(target, format=fmt, quiet=quiet_view)
            return os.fspath(target)

        def _options(self, where: str, format: str | None, renderer: str | None,  # noqa: A002
                     formatter: str | None, neato_no_op: bool | int | None,
                     engine: str | None) -> tuple[str, str]:
            """The format and engine to run, after refusing what our renderer cannot honour."""
            unsupported = {"renderer": renderer if renderer is not None else self.renderer,
                           "formatter": formatter if formatter is not None else self.formatter,
                           "neato_no_op": neato_no_op or None}
            for name, value in unsupported.items():
                if value is not None:
                    raise ValueError(
                        f"{where}: {name}={value!r} is not supported: gradproof runs "
                        f"{find_renderer() or 'its renderer'} with each format's own renderer. "
                        "Leave it unset, or use graphviz.Source(drawing.source) to run your "
                        "system's dot with every option")
            fmt = self.format if format is None else format
            if fmt not in graphviz.FORMATS:
                raise ValueError(f"{where}: unknown format {fmt!r}; use one of "
                                 f"{', '.join(sorted(graphviz.FORMATS))}")
            engine = self.engine if engine is None else engine
            if engine not in graphviz.ENGINES:
                raise ValueError(f"{where}: unknown engine {engine!r}; use one of "
                                 f"{', '.join(sorted(graphviz.ENGINES))}")
            return fmt, engine

        def _timeout(self, timeout: float | None, where: str) -> float | None:
            if timeout is _UNSET:
                return self.timeout
            check_timeout(timeout, where)
            return timeout

    return GraphDrawing


def _format_of(outfile: Path, format: str | None, where: str) -> str:  # noqa: A002
    """The format an outfile asks for by its suffix; a given `format` wins, as in graphviz."""
    import graphviz

    suffix = outfile.suffix[1:].lower()
    if format is not None:
        return format
    if suffix not in graphviz.FORMATS:
        raise ValueError(f"{where}: cannot tell the format from the suffix of "
                         f"{str(outfile)!r}; pass format= (svg, png, ...)")
    return suffix
