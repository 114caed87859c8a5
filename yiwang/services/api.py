"""Catalogue endpoints of /api/v1/: items, guides and forms for every channel."""

from ninja import Router

router = Router(tags=["services"])
