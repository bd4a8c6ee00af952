"""Hypothesis profiles for the whole suite, chosen by GRADPROOF_HYPOTHESIS_PROFILE.

    make test                                        # default: quick, the suite under 3 minutes
    GRADPROOF_HYPOTHESIS_PROFILE=thorough make test  # 20x the examples, for a release or a hunt

A failing example is printed with the seed to reproduce it (print_blob), and shrunk first.
No deadline: a graph's first build and a central difference over an array vary in time, and
a timing-based failure would not be a bug.
"""

import os

import pytest
from hypothesis import settings

import nn.specs  # noqa: F401 (nn's rows join autograd's spec table for every test)

settings.register_profile("default", max_examples=20, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=400, deadline=None, print_blob=True)
# Same examples on every run: for CI runs that must be reproducible bit for bit.
settings.register_profile("ci", max_examples=20, deadline=None, print_blob=True, derandomize=True)

PROFILE_VARIABLE = "GRADPROOF_HYPOTHESIS_PROFILE"
_profile = os.environ.get(PROFILE_VARIABLE, "default")
_known = ("default", "thorough", "ci")
if _profile not in _known:
    raise pytest.UsageError(
        f"{PROFILE_VARIABLE}={_profile!r} is not a hypothesis profile; choose one of {_known}")
settings.load_profile(_profile)
