"""`yiwang data import` and `yiwang data check-staleness`."""

import io

import pytest
from django.core.management import CommandError, call_command

from yiwang.datahub.models import ImportBatch, Record
from yiwang.datahub.tests.factories import csv_bytes, people, registry

pytestmark = pytest.mark.usefixtures("district", "english_messages")


def test_import_prints_counts_and_progress(tmp_path):
    resource = registry()["人口基础信息"]
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(people(12)))
    out, err = io.StringIO(), io.StringIO()
    call_command("data", "import", str(path), "--resource", resource.code, stdout=out, stderr=err)
    assert "12 new" in out.getvalue()
    assert "12 rows" in err.getvalue() and "100.0%" in err.getvalue()
    assert Record.objects.filter(resource=resource).count() == 12
    assert ImportBatch.objects.get().source == ImportBatch.COMMAND


def test_import_refused_lists_errors_and_fails(tmp_path):
    resource = registry()["人口基础信息"]
    rows = people(3)
    rows[2]["sex"] = "5"
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was loaded: 1 bad rows of 3"):
        call_command("data", "import", str(path), "--resource", resource.code, "--no-progress", stderr=err)
    assert "row 4, column sex" in err.getvalue()
    assert Record.objects.count() == 0
    out = io.StringIO()
    call_command(
        "data",
        "import",
        str(path),
        "--resource",
        resource.code,
        "--mode",
        "good_rows",
        "--no-progress",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "2 new" in out.getvalue() and "1 bad rows left out" in out.getvalue()


def test_unknown_resource_and_missing_file(tmp_path):
    registry()
    with pytest.raises(CommandError, match="no resource"):
        call_command("data", "import", str(tmp_path / "x.csv"), "--resource", "NOPE")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("data", "import", str(tmp_path / "missing.csv"), "--resource", "YZ-02-0001")


def test_check_staleness_command():
    registry()
    out = io.StringIO()
    call_command("data", "check-staleness", stdout=out)
    assert "resources newly flagged" in out.getvalue()
