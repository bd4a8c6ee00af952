"""Print PyTorch's numbers for attention and the Transformer (not a test: pytest skips it).

    /work/main/benchmarks/.venv/bin/python tests/torch_reference_attention.py \
        > tests/torch_numbers_attention.py

(any Python with torch and numpy). For each case of CASES: the call (the function, or the
module with its settings and mode), its parameters as PyTorch initialised them, each
moved by U(-0.5, 0.5) so that none is a plain 0 or 1 (its state_dict, which
tests/test_nn_attention.py loads into gradproof's module), the inputs drawn
by numpy, and what PyTorch computes from them in float64: the outputs (attention weights
too), and the gradients of every input and parameter after backward of weighted_sum (the
same fixed weights, cos(0), cos(1), ..., on each result). Masks are written as specs that
both sides turn into the same mask (mask() below). Floats are printed as repr (the shortest
round trip, so exact); PyTorch is never needed to run the tests.
"""

from __future__ import annotations

import pprint

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

# A mask spec: ("bool", rows) or ("float", rows) literally, ("causal", n) for
# generate_square_subsequent_mask(n), or ("random float", shape) drawn by numpy.
CAUSAL4 = ("causal", 4)
# Positional inputs: a shape drawn by numpy, or the index of an earlier input (the same
# Tensor: self-attention's query is key is value).
CASES = {
    # F.scaled_dot_product_attention: (query, key, value) shapes and keyword arguments
    "sdpa_plain": ("sdpa", [(2, 3, 4), (2, 5, 4), (2, 5, 6)], {}),
    "sdpa_bool_mask_with_an_empty_row": (
        "sdpa", [(2, 3, 4), (2, 5, 4), (2, 5, 6)],
        {"attn_mask": ("bool", [[True, False, True, True, False], [False] * 5,
                                [True, True, True, True, True]])}),
    "sdpa_float_mask_learned_and_scale": (
        "sdpa", [(2, 3, 4), (2, 5, 4), (2, 5, 3)],
        {"attn_mask": ("random float", (2, 3, 5)), "scale": 0.7}),
    "sdpa_causal_four_dims_l_ne_s": ("sdpa", [(2, 2, 4, 3), (2, 2, 5, 3), (2, 2, 5, 2)],
                                     {"is_causal": True}),
    "sdpa_grouped_query_heads": ("sdpa", [(1, 4, 3, 2), (1, 2, 5, 2), (1, 1, 5, 2)],
                                 {"enable_gqa": True}),
    "sdpa_broadcast_batch_unbatched_mask": (
        "sdpa", [(2, 2, 3, 4), (1, 2, 5, 4), (2, 1, 5, 4)],
        {"attn_mask": ("bool", [True, True, False, True, True])}),
    # nn.MultiheadAttention(4, 2, ...): (settings, mode, inputs, forward's keywords)
    "mha_self_attention": ("MultiheadAttention", {}, "train", [(3, 2, 4), 0, 0], {}),
    "mha_batch_first_cross_padding_per_head": (
        "MultiheadAttention", {"batch_first": True}, "train", [(2, 3, 4), (2, 5, 4), 1],
        {"key_padding_mask": ("bool", [[False, False, True, False, True], [False] * 5]),
         "average_attn_weights": False}),
    "mha_kdim_vdim_float_mask_no_bias": (
        "MultiheadAttention", {"kdim": 3, "vdim": 5, "bias": False}, "train",
        [(3, 2, 4), (5, 2, 3), (5, 2, 5)], {"attn_mask": ("random float", (3, 5))}),
    "mha_bias_kv_zero_attn_3d_mask": (
        "MultiheadAttention", {"add_bias_kv": True, "add_zero_attn": True}, "train",
        [(3, 2, 4), (4, 2, 4), 1],
        {"attn_mask": ("bool", [[[False, True, False, False], [False] * 4,
                                 [True, False, False, True]]] * 4),
         "key_padding_mask": ("bool", [[False, False, False, True], [False] * 4])}),
    "mha_unbatched_padding_no_weights": (
        "MultiheadAttention", {"num_heads": 1}, "train", [(3, 4), (4, 4), (4, 4)],
        {"key_padding_mask": ("bool", [False, True, False, False]),
         "need_weights": False}),
    "mha_causal_hint_no_weights_eval": (
        "MultiheadAttention", {"dropout": 0.5}, "eval", [(4, 2, 4), 0, 0],
        {"attn_mask": CAUSAL4, "is_causal": True, "need_weights": False}),
    "mha_padded_sample_float_masks_no_weights": (
        "MultiheadAttention", {}, "train", [(3, 2, 4), (4, 2, 4), 1],
        {"key_padding_mask": ("float", [[0.0, -0.5, 0.25, 0.0], [-1.0, 0.0, 0.5, 2.0]]),
         "attn_mask": ("random float", (4, 3, 4)), "need_weights": False}),
    # Transformer layers (d_model 4, nhead 2, dim_feedforward 8): settings, mode, inputs
    "encoder_layer_post_norm_masks": (
        "TransformerEncoderLayer", {"dropout": 0.0}, "train", [(4, 2, 4)],
        {"src_mask": CAUSAL4,
         "src_key_padding_mask": ("bool", [[False, False, False, True], [False] * 4])}),
    "encoder_layer_norm_first_gelu_batch_first": (
        "TransformerEncoderLayer", {"norm_first": True, "activation": "gelu",
                                    "batch_first": True, "dropout": 0.0}, "train",
        [(2, 4, 4)], {"src_key_padding_mask": ("bool", [[False] * 4,
                                                        [False, True, False, True]])}),
    "encoder_layer_unbatched_eval_no_bias": (
        "TransformerEncoderLayer", {"bias": False}, "eval", [(4, 4)], {}),
    "encoder_two_layers_norm_causal_detected": (
        "TransformerEncoder", {}, "eval", [(4, 2, 4)], {"mask": CAUSAL4}),
    "decoder_layer_masks": (
        "TransformerDecoderLayer", {"dropout": 0.0}, "train", [(4, 2, 4), (3, 2, 4)],
        {"tgt_mask": CAUSAL4, "memory_key_padding_mask": ("bool", [[False, True, False],
                                                                  [False] * 3])}),
    "decoder_two_layers_norm_first": (
        "TransformerDecoder", {"norm_first": True}, "eval", [(4, 2, 4), (3, 2, 4)],
        {"tgt_mask": CAUSAL4, "tgt_is_causal": True}),
    "transformer_batch_first": (
        "Transformer", {"batch_first": True, "dropout": 0.0}, "train", [(2, 3, 4), (2, 4, 4)],
        {"tgt_mask": CAUSAL4}),
}
D_MODEL, NHEAD, DIM_FEEDFORWARD = 4, 2, 8

REPRS = [("MultiheadAttention", {"kdim": 3, "add_bias_kv": True}),
         ("TransformerEncoderLayer", {"norm_first": True}),
         ("TransformerDecoderLayer", {"bias": False, "layer_norm_eps": 1e-6})]


def weights_for(shape: tuple[int, ...]) -> np.ndarray:
    """The fixed weights of weighted_sum for a result of this shape."""
    return np.cos(np.arange(int(np.prod(shape)))).reshape(shape)


def listed(t: torch.Tensor) -> list:
    return t.detach().numpy().tolist()


def mask(spec: tuple, rng: np.random.Generator) -> torch.Tensor:
    kind, value = spec
    if kind == "causal":
        return torch.nn.Transformer.generate_square_subsequent_mask(value, dtype=torch.float64)
    if kind == "random float":
        return torch.tensor(rng.standard_normal(value), requires_grad=True)
    return torch.tensor(value, dtype=torch.bool if kind == "bool" else torch.float64)


def build(name: str, kwargs: dict) -> torch.nn.Module:
    """The module as the tests build it: attention of embed_dim 4 and 2 heads (unless
    kwargs say otherwise), layers of D_MODEL, NHEAD, DIM_FEEDFORWARD, stacks of two."""
    kwargs = dict(kwargs)
    if name == "MultiheadAttention":
        return torch.nn.MultiheadAttention(D_MODEL, kwargs.pop("num_heads", NHEAD), **kwargs)
    if name == "Transformer":
        return torch.nn.Transformer(D_MODEL, NHEAD, 1, 1, DIM_FEEDFORWARD, **kwargs)
    if name in ("TransformerEncoder", "TransformerDecoder"):
        layer = getattr(torch.nn, name + "Layer")(D_MODEL, NHEAD, DIM_FEEDFORWARD, **kwargs)
        return getattr(torch.nn, name)(layer, 2, torch.nn.LayerNorm(D_MODEL))
    return getattr(torch.nn, name)(D_MODEL, NHEAD, DIM_FEEDFORWARD, **kwargs)


def run(index: int, case: tuple) -> dict:
    torch.manual_seed(index)
    rng = np.random.default_rng(index)
    if case[0] == "sdpa":
        _, shapes, keywords = case
        module, mode = None, "train"
    else:
        name, settings, mode, shapes, keywords = case
        module = build(name, settings).train(mode == "train")
        with torch.no_grad():  # moved off PyTorch's start (zero biases, unit norms)
            for p in module.parameters():
                p.add_(torch.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape))))
    inputs: list[torch.Tensor] = []
    for shape in shapes:
        inputs.append(inputs[shape] if isinstance(shape, int) else
                      torch.tensor(rng.standard_normal(shape), requires_grad=True))
    kwargs = {k: mask(v, rng) if isinstance(v, tuple) else v for k, v in keywords.items()}
    result = (F.scaled_dot_product_attention(*inputs, **kwargs) if module is None
              else module(*inputs, **kwargs))
    results = [r for r in (result if isinstance(result, tuple) else (result,)) if r is not None]
    sum((r * torch.tensor(weights_for(tuple(r.shape)))).sum() for r in results).backward()
    learned = {k: v for k, v in kwargs.items() if isinstance(v, torch.Tensor) and v.requires_grad}
    return {
        "call": "sdpa" if module is None else case[0],
        "settings": {} if module is None else case[1], "mode": mode,
        "state_dict": {} if module is None else {
            k: listed(v) for k, v in module.state_dict().items()},
        "inputs": [shape if isinstance(shape, int) else listed(x)
                   for shape, x in zip(shapes, inputs, strict=True)],
        "keywords": {k: (("float", listed(kwargs[k])) if k in learned else v)
                     for k, v in keywords.items()},
        "results": [listed(r) for r in results],
        "input_grads": [None if isinstance(shape, int) else listed(x.grad)
                        for shape, x in zip(shapes, inputs, strict=True)],
        "mask_grads": {k: listed(v.grad) for k, v in learned.items()},
        "param_grads": {} if module is None else {
            k: listed(p.grad) for k, p in module.named_parameters()},
    }


def literal(value: object, indent: int, column: int) -> str:
    """value as Python source starting at `column` of a line indented by `indent`: a dict
    of arrays one entry a line, lists packed into lines under 100 characters."""
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        pad = indent + 4
        entries = [f"{' ' * pad}{key!r}: {literal(v, pad, pad + len(repr(key)) + 2)},"
                   for key, v in value.items()]
        return "{\n" + "\n".join(entries) + "\n" + " " * indent + "}"
    text = pprint.pformat(value, width=99 - column, compact=True, sort_dicts=False)
    return text.replace("\n", "\n" + " " * column)


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = {name: run(i, case) for i, (name, case) in enumerate(CASES.items())}
    reprs = [(name, kwargs, repr(build(name, kwargs))) for name, kwargs in REPRS]
    print(f'"""PyTorch {torch.__version__}\'s numbers for attention and the Transformer '
          '(float64).\n\nPrinted by tests/torch_reference_attention.py: do not edit by hand.\n"""')
    print(f"\nD_MODEL, NHEAD, DIM_FEEDFORWARD = {D_MODEL}, {NHEAD}, {DIM_FEEDFORWARD}")
    print("\nTORCH_ATTENTION = {}")
    for name, case in cases.items():
        print(f"\nTORCH_ATTENTION[{name!r}] = {literal(case, 0, 0)}")
    print(f"\nTORCH_REPRS = {literal(reprs, 0, 14)}")


if __name__ == "__main__":
    main()
