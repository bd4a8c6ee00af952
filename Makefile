# The two commands a new user runs: `make demo` and `make test`. Each makes .venv if it is
# missing and installs the project into it; nothing else needs to be on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench interop lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,examples,onnx]'
	touch $@

demo: $(VENV)/.installed
	$(PY) -m examples.demo

# Two worker processes (pytest-xdist): the suite is CPU-bound, and two cores are what CI has.
test: $(VENV)/.installed
	$(PY) -m pytest -q -n 2

lint: $(VENV)/.installed
	$(PY) -m ruff check autograd nn examples tests benchmarks interop

# The benchmark has its own environment: micrograd and PyTorch are peers to measure
# against, never dependencies of gradproof.
bench:
	$(MAKE) -C benchmarks run PYTHON=$(PYTHON)

# PyTorch reads gradproof's files and gradproof reads PyTorch's, checked in an environment
# of their own (interop/.venv, with torch): never a dependency of gradproof or `make test`.
interop:
	$(MAKE) -C interop run PYTHON=$(PYTHON)

clean:
	rm -rf $(VENV) benchmarks/.venv interop/.venv out .pytest_cache .hypothesis
