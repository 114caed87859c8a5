"""The GovStack contract as tests read it: the copied spec files and a small OpenAPI 3.0 schema check.

`jsonschema` is not a dependency; the check below covers what the two specs use: `$ref`, `type`,
`properties`, `required`, `items`, `enum`, `additionalProperties`, and the formats `uuid`, `date`,
`date-time`, `int32`; and, for /api/v1/openapi.json (OpenAPI 3.1), `anyOf`, `oneOf`, `allOf` and
`type: null`.
"""

import datetime
import json
import uuid
from pathlib import Path

SPECS = Path(__file__).resolve().parent.parent / "specs"
REGISTRATION = json.loads((SPECS / "registration-api.json").read_text(encoding="utf-8"))
STATISTICS = json.loads((SPECS / "registration-statistics-api.json").read_text(encoding="utf-8"))
METHODS = ("get", "post", "put", "delete", "patch")
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def operations():
    """(spec, path, method) for every operation of both files."""
    return [
        (spec, path, method)
        for spec in (REGISTRATION, STATISTICS)
        for path, ops in spec["paths"].items()
        for method in ops
        if method in METHODS
    ]


def _resolve(spec, schema):
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def schema_errors(spec, schema, value, where="$"):
    """Where `value` breaks `schema` (a list of messages; empty when it conforms)."""
    schema = _resolve(spec, schema)
    for combined in ("anyOf", "oneOf"):  # OpenAPI 3.1 (django-ninja) writes `X | None` as anyOf
        if combined in schema:
            branches = [schema_errors(spec, branch, value, where) for branch in schema[combined]]
            if all(branches):
                return [f"{where}: matches none of {combined}", *branches[0]]
    if "allOf" in schema:
        return [error for branch in schema["allOf"] for error in schema_errors(spec, branch, value, where)]
    errors = []
    kind = schema.get("type")
    if kind == "null":
        return [] if value is None else [f"{where}: {value!r} where null is expected"]
    if value is None:
        return [] if schema.get("nullable") or kind is None else [f"{where}: null where {kind} is expected"]
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{where}: {value!r} is not an integer"]
    elif kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return [f"{where}: {value!r} is not a number"]
    elif kind in TYPES and not isinstance(value, TYPES[kind]):
        return [f"{where}: {type(value).__name__} where {kind} is expected"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        errors += _format_errors(schema.get("format"), value, where)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{where}: {name} is required")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                errors += schema_errors(spec, properties[name], item, f"{where}.{name}")
            elif extra is False:
                errors.append(f"{where}: {name} is not allowed")
            elif isinstance(extra, dict):
                errors += schema_errors(spec, extra, item, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += schema_errors(spec, schema["items"], item, f"{where}[{index}]")
    return errors


def _format_errors(fmt, value, where):
    try:
        if fmt == "uuid":
            uuid.UUID(value)
        elif fmt == "date":
            datetime.date.fromisoformat(value)
        elif fmt == "date-time":
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return [f"{where}: {value!r} is not a {fmt}"]
    return []


def response_schema(spec, path, method, status):
    """The schema the spec gives for a status of an operation, or None when it gives none."""
    response = spec["paths"][path][method]["responses"].get(str(status))
    assert response is not None, f"{method.upper()} {path} may not answer {status}"
    response = _resolve(spec, response)
    content = response.get("content", {})
    media = content.get("application/json") or content.get("*/*")
    return media["schema"] if media else None


def assert_conforms(spec, path, method, response):
    """The response's status is one the spec lists for the operation, and its body fits the schema."""
    schema = response_schema(spec, path, method, response.status_code)
    if schema is None:
        return
    errors = schema_errors(spec, schema, response.json())
    assert errors == [], errors
