"""A checkpoint as safetensors can hold it: named arrays, and a JSON tree for the rest.

safetensors stores only named arrays and string metadata. A checkpoint such as

    {"model": model.state_dict(), "epoch": 3,
     "optimizer": {"state": {0: {"step": 3, "exp_avg": array}},
                   "param_groups": [{"lr": 0.01, "betas": (0.9, 0.999), "params": [0, 1]}]}}

is stored as its arrays, each named by its key path joined with '.' ('model.0.weight',
'optimizer.state.0.exp_avg'; a state dict saved on its own keeps its names, which is what
PyTorch's load_state_dict needs), and a JSON tree of the whole, kept in the metadata, that
holds the numbers, strings and None and says which array goes where. The tree names each
array, so the names are never parsed: they need only be unique, and a name already taken
(or safetensors' reserved `__metadata__`) gets a '#1' suffix. A key may therefore hold any
character, '.' included, and 0 and "0" stay different keys.

The tree's nodes: null, true/false, integers, strings and finite floats stand for
themselves; every other node is an object with one key: {"tensor": name} (an array or a
Tensor; it loads as a Tensor, as torch.load gives), {"scalar": name} (a numpy scalar, kept
as a 0-d array so its dtype survives), {"float": "nan" | "inf" | "-inf"},
{"dict": [[key, node], ...]}, {"odict": [...]} (an OrderedDict), {"list": [node, ...]} and
{"tuple": [...]}; keys are strings or integers.
"""

from __future__ import annotations

import json
import math
import numbers
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograd import Tensor, Value

from ..state import sharing
from .io_safetensors import SAVEABLE

MAX_DEPTH = 100  # nested containers; deeper is refused on saving and on loading
RESERVED = "__metadata__"  # safetensors' name for its metadata, never an array's


def flatten(obj: Any) -> tuple[dict[str, np.ndarray], Any]:
    """(name -> array, JSON tree) for a checkpoint; a TypeError names the key path of
    anything that cannot be saved."""
    flattener = _Flattener()
    return flattener.arrays, flattener.node(obj, ())


def key_path(path: tuple[Any, ...]) -> str:
    """How an error names a place: ['optimizer']['state'][0]['exp_avg']."""
    return "".join(f"[{key!r}]" for key in path) or "the object"


class _Flattener:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.open: set[int] = set()  # the containers being walked: one met again is a cycle

    def node(self, x: Any, path: tuple[Any, ...]) -> Any:
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, np.generic):  # before int and float: np.float64 is a float
            return {"scalar": self.array(np.asarray(x), path)}
        if isinstance(x, numbers.Integral):
            return int(x)
        if isinstance(x, float):
            return float(x) if math.isfinite(x) else {"float": repr(float(x))}
        if isinstance(x, (np.ndarray, Tensor, Value)):
            return {"tensor": self.array(np.asarray(x if isinstance(x, np.ndarray) else x.data),
                                         path)}
        if isinstance(x, (Mapping, list, tuple)):
            return self.container(x, path)
        hint = " (save its .state_dict())" if hasattr(x, "state_dict") else ""
        raise TypeError(f"nn.save: {key_path(path)} is a {type(x).__name__}{hint}; expected a "
                        "dict, list, tuple, numpy array, Tensor, int, float, bool, str or None")

    def container(self, x: Any, path: tuple[Any, ...]) -> Any:
        if len(path) >= MAX_DEPTH:
            raise ValueError(f"nn.save: {key_path(path)} is nested more than {MAX_DEPTH} deep")
        if id(x) in self.open:
            raise ValueError(f"nn.save: {key_path(path)} contains itself")
        self.open.add(id(x))
        try:
            if isinstance(x, Mapping):
                tag = "odict" if isinstance(x, OrderedDict) else "dict"
                return {tag: [[self.key(k, path), self.node(v, (*path, k))]
                              for k, v in x.items()]}
            tag = "tuple" if isinstance(x, tuple) else "list"
            return {tag: [self.node(v, (*path, i)) for i, v in enumerate(x)]}
        finally:
            self.open.discard(id(x))

    def key(self, key: Any, path: tuple[Any, ...]) -> str | int:
        if isinstance(key, str):
            return str(key)
        if isinstance(key, numbers.Integral) and not isinstance(key, (bool, np.bool_)):
            return int(key)
        raise TypeError(f"nn.save: {key_path(path)} has the key {key!r} "
                        f"({type(key).__name__}); keys must be str or int")

    def array(self, array: np.ndarray, path: tuple[Any, ...]) -> str:
        if array.dtype.newbyteorder("=") not in SAVEABLE:
            raise TypeError(f"nn.save: {key_path(path)} is an array of {array.dtype}; "
                            "safetensors holds bool, int8-64, uint8-64 and float16/32/64")
        # safetensors names are UTF-8: a lone surrogate in a key is written as its escape.
        name = base = ".".join(map(str, path)).encode("utf-8", "backslashreplace").decode()
        suffix = 0
        while name in self.arrays or name == RESERVED:
            suffix += 1
            name = f"{base}#{suffix}"
        self.arrays[name] = array if array.flags.c_contiguous else array.copy(order="C")
        return name


class Ref:
    """Where an entry of the file goes in the loaded structure (a scalar: its 0-d value)."""

    __slots__ = ("name", "scalar")

    def __init__(self, name: str, scalar: bool) -> None:
        self.name, self.scalar = name, scalar


def plan(tree: Any, shapes: Mapping[str, tuple[int, ...]], where: str) -> Any:
    """The tree read back, checked, with a Ref for each array (read later): every node one
    that nn.save writes, keys str or int and unique, each entry of the file placed once."""
    placed: set[str] = set()

    def bad(node: Any, why: str) -> ValueError:
        text = json.dumps(node)
        text = text if len(text) <= 60 else text[:57] + "..."
        return ValueError(f"{where}: the structure in its metadata has {text}: {why}")

    def build(node: Any, depth: int) -> Any:
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if depth >= MAX_DEPTH:
            raise bad(node, f"nested more than {MAX_DEPTH} deep")
        if not (isinstance(node, dict) and len(node) == 1):
            raise bad(node, "not a node that nn.save writes")
        [(tag, body)] = node.items()
        if tag in ("tensor", "scalar") and isinstance(body, str):
            if body not in shapes:
                raise bad(node, f"the file has no entry {body!r}")
            if body in placed:
                raise bad(node, f"entry {body!r} is placed twice")
            if tag == "scalar" and shapes[body] != ():
                raise bad(node, f"entry {body!r} of shape {shapes[body]} is not a scalar")
            placed.add(body)
            return Ref(body, tag == "scalar")
        if tag == "float" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag in ("list", "tuple") and isinstance(body, list):
            items = [build(item, depth + 1) for item in body]
            return tuple(items) if tag == "tuple" else items
        if tag in ("dict", "odict") and isinstance(body, list):
            mapping: dict[Any, Any] = OrderedDict() if tag == "odict" else {}
            for pair in body:
                if not (isinstance(pair, list) and len(pair) == 2
                        and type(pair[0]) in (str, int)):
                    raise bad(pair, "not a [key, value] pair with a str or int key")
                if pair[0] in mapping:
                    raise bad(pair, f"the key {pair[0]!r} appears twice")
                mapping[pair[0]] = build(pair[1], depth + 1)
            return mapping
        raise bad(node, "not a node that nn.save writes")

    result = build(tree, 0)
    unplaced = [name for name in shapes if name not in placed]
    if unplaced:
        raise ValueError(f"{where}: entries {', '.join(map(repr, unplaced[:5]))} have no "
                         "place in the structure in its metadata")
    return result


def fill(planned: Any, arrays: Mapping[str, np.ndarray]) -> Any:
    """The planned structure with each Ref replaced by a Tensor holding its array (as
    torch.load gives Tensors), or a numpy scalar's value."""
    if isinstance(planned, Ref):
        array = arrays[planned.name]
        return array[()] if planned.scalar else sharing(array)
    if isinstance(planned, dict):
        return type(planned)((key, fill(value, arrays)) for key, value in planned.items())
    if isinstance(planned, (list, tuple)):
        return type(planned)(fill(value, arrays) for value in planned)
    return planned


def state_names(planned: Any) -> dict[str, str] | None:
    """key -> entry name when the structure is one state dict (str keys, arrays only)."""
    if isinstance(planned, dict) and all(
            isinstance(key, str) and isinstance(value, Ref) and not value.scalar
            for key, value in planned.items()):
        return {key: value.name for key, value in planned.items()}
    return None
