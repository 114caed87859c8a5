"""The GovStack specs this app implements, served as they are copied in `datahub/specs/`."""

from pathlib import Path

from django.http import FileResponse, Http404

SPECS = Path(__file__).resolve().parent / "specs"
NAMES = {path.name for path in SPECS.iterdir() if path.suffix in (".yaml", ".json")}


def spec(request, name):
    if name not in NAMES:
        raise Http404
    content_type = "application/json" if name.endswith(".json") else "text/yaml; charset=utf-8"
    return FileResponse(open(SPECS / name, "rb"), content_type=content_type)
