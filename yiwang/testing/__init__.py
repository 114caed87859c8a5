"""Test machinery shared by the whole suite, loaded as pytest plugins from the root conftest.py."""
