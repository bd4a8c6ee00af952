"""einsum's subscripts as numpy reads them, made explicit for the einsum rule (ops/linalg.py).

    'ij,jk'          implicit output: the letters that appear once, in alphabetical order
    'ij,jk->ik'      explicit output
    '...ij,...jk'    '...' stands for the leading axes (broadcast between operands)
    a, [0, 1], b, [1, 2], [0, 2]   numpy's sublist form (ints 0-51, Ellipsis)

`explicit` turns them, for operands of given shapes, into a spec with one letter per axis
and no '...' (the rule's gradient einsums are built from it), checking each operand's
number of axes and each letter's sizes.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from ..arguments import shown

LETTERS = string.ascii_uppercase + string.ascii_lowercase  # numpy's sublist ints 0-51


def from_sublists(args: Sequence[Any]) -> tuple[str, list[Any]]:
    """numpy's einsum(a, [0, 1], b, [1, 2], [0, 2]) as ('AB,BC->AC', [a, b])."""
    pairs, output = (args[:-1], _sublist(args[-1])) if len(args) % 2 else (args, None)
    terms = [_sublist(sublist) for sublist in pairs[1::2]]
    subscripts = ",".join(terms) + ("" if output is None else "->" + output)
    return subscripts, list(pairs[0::2])


def _sublist(items: Any) -> str:
    if not isinstance(items, (list, tuple)):
        raise TypeError(f"einsum: expected the subscripts (a str) first, or numpy's sublists "
                        f"(einsum(a, [0, 1], b, [1, 2])), got {shown(items)}")
    letters = ""
    for item in items:
        if item is Ellipsis:
            letters += "..."
        elif isinstance(item, int) and 0 <= item < len(LETTERS):
            letters += LETTERS[item]
        else:
            raise ValueError(f"einsum: a sublist holds ints from 0 to 51 and Ellipsis, got "
                             f"{item!r}")
    return letters


def explicit(subscripts: str, shapes: Sequence[tuple[int, ...]]) -> str:
    """The spec with a letter for every axis of every operand and of the output."""
    text = subscripts.replace(" ", "")
    if text.count("->") > 1:
        raise ValueError(f"einsum: {subscripts!r} has more than one '->'")
    inputs, arrow, output = text.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: the subscripts {subscripts!r} name {len(terms)} operands, "
                         f"but {len(shapes)} were given")
    for term in terms + ([output] if arrow else []):
        bad = set(term.replace("...", "", 1)) - set(LETTERS)
        if bad:
            raise ValueError(f"einsum: {subscripts!r} holds {sorted(bad)}: subscripts are "
                             "letters, with at most one '...' per operand")
    # '...' takes the axes the letters leave: the most any operand has, shared from the right.
    ellipsis_ndims = [_ellipsis_ndim(term, shape, i, subscripts)
                      for i, (term, shape) in enumerate(zip(terms, shapes, strict=True))]
    free = [c for c in LETTERS if c not in text]
    broadcast = "".join(free[:max(ellipsis_ndims, default=0)])
    if len(broadcast) < max(ellipsis_ndims, default=0):
        raise ValueError(f"einsum: {subscripts!r} leaves too few letters for the axes of '...'")
    terms = [t.replace("...", broadcast[len(broadcast) - k:]) for t, k in
             zip(terms, ellipsis_ndims, strict=True)]
    if not arrow:  # implicit: '...' first, then the letters used once, in numpy's order
        letters = [c for c in "".join(terms) if c not in broadcast]
        output = broadcast + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    else:
        if broadcast and "..." not in output:
            raise ValueError(f"einsum: {subscripts!r}: the operands have axes under '...', so "
                             "the output must hold '...' too")
        output = output.replace("...", broadcast)
        _check_output(output, terms, subscripts)
    _check_sizes(terms, shapes, subscripts)
    return ",".join(terms) + "->" + output


def _ellipsis_ndim(term: str, shape: tuple[int, ...], i: int, subscripts: str) -> int:
    letters = len(term.replace("...", ""))
    if "..." in term and letters <= len(shape):
        return len(shape) - letters
    if "..." not in term and letters == len(shape):
        return 0
    raise ValueError(f"einsum: operand {i} has shape {shape} ({len(shape)} axes) but its "
                     f"subscripts {term!r} in {subscripts!r} name {letters}")


def _check_output(output: str, terms: list[str], subscripts: str) -> None:
    for letter in output:
        if output.count(letter) > 1:
            raise ValueError(f"einsum: the output of {subscripts!r} repeats {letter!r}")
        if not any(letter in term for term in terms):
            raise ValueError(f"einsum: the output of {subscripts!r} holds {letter!r}, which "
                             "no operand has")


def _check_sizes(terms: list[str], shapes: Sequence[tuple[int, ...]], subscripts: str) -> None:
    """Every letter has one size, or size 1 where it broadcasts between operands (numpy's
    rule); a letter repeated in one operand (a diagonal) has one size there."""
    seen: dict[str, tuple[int, int]] = {}
    for i, (term, shape) in enumerate(zip(terms, shapes, strict=True)):
        own: dict[str, int] = {}
        for letter, n in zip(term, shape, strict=True):
            if own.setdefault(letter, n) != n:
                raise ValueError(f"einsum: {letter!r} in {subscripts!r} takes a diagonal of "
                                 f"operand {i}, whose axes for it differ (shape {shape})")
        for letter, n in own.items():
            j, m = seen.get(letter, (i, n))
            if n != m and 1 not in (n, m):
                raise ValueError(f"einsum: {letter!r} in {subscripts!r} is {m} long in "
                                 f"operand {j} (shape {shapes[j]}) but {n} in operand {i} "
                                 f"(shape {shape})")
            if letter not in seen or m == 1:
                seen[letter] = (i, n)
