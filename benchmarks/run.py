"""`make bench`: gradproof beside micrograd, hand-written numpy and PyTorch, in one run.

Prints the tables and writes them, with the machine they were measured on, to results.md.
`python run.py --quick` runs fewer rounds and a smaller chain (for trying changes out).
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import bench_conv
import bench_replay
import bench_scalar
import bench_tensor
import numpy as np
import torch

HERE = Path(__file__).parent


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(threads: int) -> list[str]:
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores; BLAS threads {threads} "
        "(PyTorch set to the same with torch.set_num_threads)",
        f"- Python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
        f"micrograd {version('micrograd')}, gradproof {version('gradproof')}",
        f"- Date: {datetime.date.today().isoformat()}; Python's default garbage-collector settings",
        "- Times: the best of several interleaved rounds (wall clock); ratios are of those times",
    ]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.2f} s"


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def scalar_section(r: dict[str, Any]) -> list[str]:
    step = r["step"]
    fused = step["micrograd"] / step["gradproof"]
    unfused = step["micrograd"] / step["gradproof-unfused"]
    per_node = {name: bytes_ / nodes for name, (bytes_, nodes) in r["chain_memory"].items()}
    memory = per_node["gradproof"] / per_node["micrograd"]
    demo = r["demo_memory"]
    chain = r["chain"]
    n = f"{r['chain_nodes']:,}"
    gp_chain = chain["gradproof"]
    mg_chain = chain["micrograd"]
    done = "error" not in gp_chain
    gc_off = r["step_gc_off"]
    per_op = gc_off["gradproof-unfused"] / gc_off["micrograd"]
    rows = [
        ["Demo step: MLP(2, [16, 16, 1]), 100 moons, SVM loss + L2, backward, SGD "
         "(gradproof's nn.MLP: a fused node per neuron)",
         ms(step["gradproof"]), ms(step["micrograd"]), f"{fused:.1f}x faster", ">= 15x",
         met(fused >= 15)],
        ["Same step, micrograd's own nn code (a node per * and +) on each engine's Value",
         ms(step["gradproof-unfused"]), ms(step["micrograd"]), f"{unfused:.1f}x faster",
         ">= 8x", met(unfused >= 8)],
        ["The same, garbage collector off (the pure cost per op)",
         ms(gc_off["gradproof-unfused"]), ms(gc_off["micrograd"]), f"{per_op:.2f} of the time",
         "<= 0.7", met(per_op <= 0.7)],
        [f"Memory per node (tracemalloc), chain of {r['chain_memory']['gradproof'][1]:,} nodes",
         f"{per_node['gradproof']:.0f} B", f"{per_node['micrograd']:.0f} B",
         f"{memory:.2f} of micrograd's", "<= 200 B", met(per_node["gradproof"] <= 200)],
        ["Memory of one demo-step graph (tracemalloc; nodes in brackets)",
         f"{demo['gradproof'][0] / 1e6:.1f} MB ({demo['gradproof'][1]:,})",
         f"{demo['micrograd'][0] / 1e6:.1f} MB ({demo['micrograd'][1]:,})",
         f"{demo['gradproof'][0] / demo['micrograd'][0]:.2f} of micrograd's", "", ""],
        [f"Chain of {n} nodes: build + backward",
         (f"{gp_chain['total']:.1f} s (build {gp_chain['build']:.1f} s, backward "
          f"{gp_chain['backward']:.1f} s)") if done else gp_chain["error"],
         mg_chain.get("error", "completed").split(":")[0],
         "", "< 3 s" if r["chain_nodes"] >= 1_000_000 else "(quick run)",
         met(done and gp_chain["total"] < 3) if r["chain_nodes"] >= 1_000_000 else ""],
    ]
    agree = len(set(r["first_loss"].values())) == 1
    return [
        "### Scalar engine: gradproof Value vs micrograd 0.1.0", "",
        *table(["Workload", "gradproof", "micrograd", "Ratio", "Target", ""], rows), "",
        f"First demo loss from the same seed: {r['first_loss']['gradproof']!r} "
        f"({'identical on all three' if agree else 'DIFFERENT: ' + repr(r['first_loss'])}).",
    ]


TENSOR_TARGETS = {  # config name prefix: the largest ratio to the hand-written numpy step,
    "64-32-10": {"gradproof": 1.3, "gradproof nn": 1.5},  # for the Tensor and the nn style
    "64-256-256-10": {"gradproof": 1.1, "gradproof nn": 1.1},
    "1024-1024-1024-10": {"gradproof": 1.03, "gradproof nn": 1.03},
}

# Each gradproof style beside its PyTorch peer: tensors by hand, and the nn modules.
PEERS = {"gradproof": "torch", "gradproof nn": "torch nn"}


def tensor_section(r: dict[str, Any]) -> list[str]:
    rows = []
    for result in r["results"]:
        t = result["times"]
        limits = TENSOR_TARGETS[result["config"].split(",")[0]]
        row = [result["config"], result["dtype"], ms(t["numpy"]), ms(t["torch"]),
               ms(t["torch nn"])]
        verdicts = []
        for name, peer in PEERS.items():
            ratio = t[name] / t["numpy"]
            row.append(f"{ms(t[name])} ({ratio:.2f}x numpy, {t[name] / t[peer]:.2f}x {peer})")
            verdicts.append(met(ratio <= limits[name]))
        target = " / ".join(f"<= {limit}x" for limit in limits.values())
        rows.append(row + [target + " numpy", " / ".join(verdicts)])
    checks = {result["config"]: result["grad_check"] for result in r["results"]}
    worst = max(max(c.values()) for c in checks.values())
    return [
        "### Tensor engine: one MLP training step "
        "(forward, softmax cross-entropy, backward, SGD)", "",
        *table(["Network, batch, data", "dtype", "numpy by hand", "PyTorch tensors",
                "PyTorch nn", "gradproof Tensor", "gradproof nn", "Target (Tensor / nn)",
                "Tensor / nn"], rows), "",
        "Each gradproof style is set beside its PyTorch peer and measured against the step "
        "written by hand in numpy. Tensors by hand: x @ W + b, relu, log_softmax, pick the "
        "targets, mean, and the SGD update written out. nn: Linear, ReLU, Sequential, "
        "cross_entropy and optim.SGD, in both libraries. Where a small step's time goes: "
        "benchmarks/profile_step.md.",
        f"Gradients of all four against the hand-written numpy ones (float64): "
        f"largest difference {worst:.1e}.",
    ]


CONV_TARGET = 1.5  # gradproof's LeNet step at most 1.5 times PyTorch's


def conv_section(r: dict[str, Any]) -> list[str]:
    rows = []
    for result in r["results"]:
        t = result["times"]
        ratio = t["gradproof nn"] / t["torch nn"]
        rows.append([result["network"], result["dtype"], ms(t["torch nn"]),
                     ms(t["gradproof nn"]), f"{ratio:.2f}x PyTorch",
                     f"<= {CONV_TARGET}x PyTorch", met(ratio <= CONV_TARGET)])
    return [
        "### Convolutional network: one LeNet training step (forward, cross-entropy, backward, "
        "SGD)", "",
        *table(["Network, batch, input", "dtype", "PyTorch nn", "gradproof nn", "Ratio",
                "Target", ""], rows), "",
        "Conv2d, ReLU, MaxPool2d, Flatten, Linear, cross_entropy and optim.SGD in both "
        "libraries, from the same weights, on the same batches (random inputs and labels).",
        f"Gradients against PyTorch's for the same weights and batch (float64): largest "
        f"difference {r['grad_check']:.1e}.",
    ]


REPLAY_TARGETS = {  # config name prefix: the largest ratio of the nn step to numpy by hand
    "64-32-10": 1.2,
}


def replay_section(r: dict[str, Any]) -> list[str]:
    s = r["scalar"]
    faster = s["micrograd"] / s["compiled"]
    rows = [["Demo step: MLP(2, [16, 16, 1]), 100 moons, SVM loss + L2, backward, SGD", "",
             f"micrograd {ms(s['micrograd'])}", ms(s["gradproof"]), ms(s["compiled"]),
             f"{faster:.1f}x faster than micrograd, {s['gradproof'] / s['compiled']:.1f}x "
             "faster than eager", ">= 30x micrograd", met(faster >= 30)]]
    for result in r["tensor"]:
        t = result["times"]
        limit = REPLAY_TARGETS.get(result["config"].split(",")[0])
        ratio = t["compiled nn"] / t["numpy"]
        rows.append([
            result["config"], result["dtype"],
            f"numpy {ms(t['numpy'])}, PyTorch {ms(t['torch'])}",
            f"nn {ms(t['gradproof nn'])} / Tensor {ms(t['gradproof'])}",
            f"nn {ms(t['compiled nn'])} / Tensor {ms(t['compiled'])}",
            f"{ratio:.2f}x / {t['compiled'] / t['numpy']:.2f}x numpy; "
            f"{t['gradproof nn'] / t['compiled nn']:.1f}x / "
            f"{t['gradproof'] / t['compiled']:.1f}x faster than eager",
            f"nn <= {limit}x numpy" if limit else "(for comparison)",
            met(ratio <= limit) if limit else ""])
    same = r["identical"]
    return [
        "### Replay (autograd.compile): the same steps, recorded once, replayed from a tape", "",
        *table(["Workload", "dtype", "Peers", "gradproof eager", "gradproof compiled",
                "Ratio", "Target", ""], rows), "",
        "Tensor rows: nn (Linear, ReLU, cross_entropy, optim.SGD) / Tensors by hand (the SGD "
        "update written out). Replayed against eager, same start, same batches: losses, "
        "gradients and parameters "
        + ("identical, bit for bit (scalar and Tensor)."
           if same["scalar"] and same["tensor"] else f"DIFFERENT: {same}."),
    ]


def main() -> None:
    quick = "--quick" in sys.argv
    print("scalar engine vs micrograd ...", flush=True)
    scalar = bench_scalar.run(quick)
    print("tensor engine vs numpy and PyTorch ...", flush=True)
    tensor = bench_tensor.run(quick)
    print("convolutional network vs PyTorch ...", flush=True)
    conv = bench_conv.run(quick)
    print("replayed steps (autograd.compile) ...", flush=True)
    replay = bench_replay.run(quick)
    lines = ["## Benchmarks", "", *machine(tensor["threads"]), "",
             *scalar_section(scalar), "", *tensor_section(tensor), "", *conv_section(conv), "",
             *replay_section(replay), ""]
    text = "\n".join(lines)
    print()
    print(text)
    if not quick:
        (HERE / "results.md").write_text(text)
        print(f"written to {HERE / 'results.md'}")


if __name__ == "__main__":
    main()
