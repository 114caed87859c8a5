"""The OpenAPI 3.0 description of the exchange gateway, written by hand beside its views (the views
are plain Django so that signing, streaming and the log wrap every call the same way)."""

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}

FILTERS = {
    "type": "object",
    "description": "item → value. Key items match exactly through the key index (all "
    "of them together), the subject item through the subject index, other non-personal granted items "
    "exactly in SQL.",
    "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]},
}

HEADERS = [
    {
        "name": "Authorization",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "YW-HMAC-SM3 Credential=<key id>, Signature=<hex HMAC-SM3>",
    },
    {
        "name": "X-Yiwang-Timestamp",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "Unix seconds; refused when more than 300 s from the server's clock.",
    },
    {
        "name": "X-Yiwang-Nonce",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "8–64 characters [A-Za-z0-9_-], never used twice with one key.",
    },
    {
        "name": "Information-Mediator-Client",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "INSTANCE/CLASS/MEMBER/SUBSYSTEM; when sent, must be the signing system.",
    },
]
PURPOSE = {
    "name": "X-Yiwang-Purpose",
    "in": "header",
    "required": True,
    "schema": {"type": "string"},
    "description": "The purpose of the call, percent-encoded UTF-8; must be the grant's purpose.",
}
CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "The resource code.",
}
ERRORS = {
    status: {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for status, text in [
        ("400", "Malformed request"),
        ("401", "Unsigned, badly signed, stale or replayed"),
        ("403", "No grant, wrong purpose, item not granted, client header mismatch"),
        ("404", "No such resource or record"),
        ("429", "Rate limit reached (see Retry-After)"),
    ]
}


def _op(summary, body_schema, response_schema, *, streamed=False):
    content = (
        {"application/x-ndjson": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}
        if streamed
        else {"application/json": {"schema": response_schema}}
    )
    return {
        "post": {
            "summary": summary,
            "parameters": HEADERS + [PURPOSE, CODE],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body_schema}}},
            "responses": {"200": {"description": "OK", "content": content}, **ERRORS},
        }
    }


def document():
    record = {
        "type": "object",
        "description": "The granted items of one record.",
        "additionalProperties": True,
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Yiwang exchange gateway (G2G)",
            "version": "1",
            "description": "Department systems read shared records under their grants. See docs/sharing.md "
            "for the signing scheme.",
        },
        "servers": [{"url": "/gateway/v1"}],
        "paths": {
            "/resources": {
                "get": {
                    "summary": "Resources this system holds active grants on",
                    "parameters": HEADERS,
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "results": {"type": "array", "items": {"type": "object"}}
                                        },
                                    }
                                }
                            },
                        },
                        **ERRORS,
                    },
                }
            },
            "/resources/{code}/lookup": _op(
                "One record by its key",
                {"type": "object", "required": ["key"], "properties": {"key": {"type": "object"}}},
                {"type": "object", "properties": {"resource": {"type": "string"}, "record": record}},
            ),
            "/resources/{code}/query": _op(
                "Records by filter, paged",
                {
                    "type": "object",
                    "properties": {
                        "filters": FILTERS,
                        "page": {"type": "integer", "minimum": 1},
                        "page_size": {"type": "integer", "minimum": 1, "maximum": 500},
                    },
                },
                {
                    "type": "object",
                    "properties": {
                        "resource": {"type": "string"},
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "next_page": {"type": "integer", "nullable": True},
                        "results": {"type": "array", "items": record},
                    },
                },
            ),
            "/resources/{code}/export": _op(
                "Every matching record, streamed",
                {
                    "type": "object",
                    "properties": {
                        "filters": FILTERS,
                        "format": {"type": "string", "enum": ["jsonl", "csv"]},
                    },
                },
                None,
                streamed=True,
            ),
        },
        "components": {"schemas": {"Error": ERROR}},
    }
