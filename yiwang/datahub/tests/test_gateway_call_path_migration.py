"""Call-log paths written before the gateway hid identifiers are rewritten as new calls write them."""

import importlib

import pytest
from django.apps import apps

from yiwang.datahub.gateway import path_for_log
from yiwang.datahub.models import GatewayCall

R = "/govstack/registries"
ID = "500103199001011234"
migration = importlib.import_module("yiwang.datahub.migrations.0005_gateway_call_paths_without_keys")


@pytest.mark.parametrize(
    "old, new",
    [
        (f"{R}/data/RK-001/1.0/{ID}/readValue/sex.json", f"{R}/data/RK-001/1.0/{{key}}/readValue/sex.json"),
        (f"{R}/data/RK-001/1.0/{ID}/delete", f"{R}/data/RK-001/1.0/{{record_id}}/delete"),
        # already written the new way, or naming nobody: left as they are
        (
            f"{R}/data/RK-001/1.0/{{key}}/readValue/name.json",
            f"{R}/data/RK-001/1.0/{{key}}/readValue/name.json",
        ),
        ("/gateway/v1/resources/", "/gateway/v1/resources/"),
        ("/no/such/page/", "/no/such/page/"),
    ],
)
def test_an_old_style_path_is_written_as_new_calls_write_it(old, new):
    assert path_for_log(old) == new


@pytest.mark.django_db
def test_the_migration_rewrites_only_the_rows_that_name_a_person():
    old = GatewayCall.objects.create(
        operation=GatewayCall.LOOKUP, path=f"{R}/data/RK-001/1.0/{ID}/readValue/sex.json", status=200
    )
    plain = GatewayCall.objects.create(operation=GatewayCall.LIST, path="/gateway/v1/resources/", status=200)

    migration.rewrite_paths(apps, None)

    old.refresh_from_db()
    plain.refresh_from_db()
    assert old.path == f"{R}/data/RK-001/1.0/{{key}}/readValue/sex.json"
    assert plain.path == "/gateway/v1/resources/"
    assert not GatewayCall.objects.filter(path__contains=ID).exists()
