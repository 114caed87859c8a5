"""Tests of the shared test machinery."""
