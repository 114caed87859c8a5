"""The product's settings plus the bench-only baselines; `bench/run` serves with this module.

The settings module the run was asked for (`--settings`, default `yiwang.settings`) is read first
from BENCH_BASE_SETTINGS, so a trial settings change is measured with the baselines too.
"""

import importlib
import os

_base = importlib.import_module(os.environ.get("BENCH_BASE_SETTINGS", "yiwang.settings"))
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

INSTALLED_APPS = [*INSTALLED_APPS, "benchsite"]  # noqa: F821 - from the base settings
ROOT_URLCONF = "benchsite.urls"
