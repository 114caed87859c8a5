"""Case endpoints of /api/v1/: apply, follow and act on cases from apps and kiosks."""

from ninja import Router

router = Router(tags=["cases"])
