"""Call-log rows written before the gateway kept `{key}` in their path get the same treatment.

Data only: each `GatewayCall.path` that names a person (a GovStack registries key, a citizen ID) or a
record is rewritten with `yiwang.datahub.gateway.path_for_log`, the function new calls go through.
Nothing to undo: the identifiers are not kept anywhere to put back.
"""

from django.db import migrations

BATCH = 2000


def rewrite_paths(apps, schema_editor):
    from yiwang.datahub.gateway import path_for_log

    GatewayCall = apps.get_model("datahub", "GatewayCall")
    changed = []
    for call in GatewayCall.objects.only("pk", "path").iterator(chunk_size=BATCH):
        path = path_for_log(call.path)
        if path != call.path:
            call.path = path
            changed.append(call)
        if len(changed) >= BATCH:
            GatewayCall.objects.bulk_update(changed, ["path"])
            changed = []
    GatewayCall.objects.bulk_update(changed, ["path"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("datahub", "0004_resources_ingest")]

    operations = [migrations.RunPython(rewrite_paths, migrations.RunPython.noop, elidable=True)]
