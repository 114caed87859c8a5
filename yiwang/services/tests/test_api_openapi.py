"""/api/v1/openapi.json names each schema once, and the service guide answer fits what it declares."""

from collections import defaultdict

from pydantic import BaseModel

from yiwang.cases.tests.govstack_spec import response_schema, schema_errors


def _models():
    found, todo = [], [BaseModel]
    while todo:
        for model in todo.pop().__subclasses__():
            found.append(model)
            todo.append(model)
    return found


def test_every_schema_name_in_the_api_belongs_to_one_class(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    classes = defaultdict(set)
    for model in _models():
        if model.__module__.startswith("yiwang."):
            classes[model.__name__].add(f"{model.__module__}.{model.__qualname__}")

    shared = {name: sorted(classes[name]) for name in schemas if len(classes[name]) > 1}
    assert shared == {}  # django-ninja keeps one of two same-named schemas and drops the other


def test_the_service_guide_answer_fits_its_declared_schema(client, sole_trader_item):
    spec = client.get("/api/v1/openapi.json").json()
    response = client.get(f"/api/v1/services/{sole_trader_item.code}")

    assert response.status_code == 200
    body = response.json()
    assert body["materials"] and body["steps"]  # the nested schemas are really checked
    schema = response_schema(spec, "/api/v1/services/{code}", "get", 200)
    assert schema_errors(spec, schema, body) == []
    materials = spec["components"]["schemas"]["ServiceMaterialOut"]
    assert {"originals", "copies", "source", "fetched"} <= set(materials["properties"])
