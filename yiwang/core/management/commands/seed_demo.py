"""Load the demo district: every app's `demo.seed()` in dependency order. Safe to run again."""

import importlib

from django.core.management.base import BaseCommand

DEMO_APPS = [
    "yiwang.core",
    "yiwang.accounts",
    "yiwang.services",
    "yiwang.datahub",
    "yiwang.bundles",
    "yiwang.hotline",
    "yiwang.benefits",
    "yiwang.opendata",
]
# Loaders that are not an app's demo.py, run after the apps' (they build on their data).
DEMO_MODULES = ["yiwang.datahub.demo_certificates"]


class Command(BaseCommand):
    help = "Load the demo district (Chongqing Yuzhong District) and print its accounts. Safe to run again."

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            importlib.import_module(f"{app}.demo").seed(self.stdout)
        for module in DEMO_MODULES:
            importlib.import_module(module).seed(self.stdout)
