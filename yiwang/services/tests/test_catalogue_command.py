"""`yiwang catalogue export FILE` and `yiwang catalogue import FILE [--draft] [--dry-run]`."""

import json

import pytest
from django.core.management import CommandError, call_command

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services import exchange
from yiwang.services.models import ServiceItem
from yiwang.services.tests.conftest import cell, workbook


@pytest.mark.parametrize("suffix", ["xlsx", "json"])
def test_export_then_import_leaves_everything_unchanged(
    sole_trader_item, tmp_path, capsys, suffix, english_messages
):
    target = tmp_path / f"catalogue.{suffix}"

    call_command("catalogue", "export", str(target))
    call_command("catalogue", "import", str(target))

    output = capsys.readouterr().out
    assert f"Exported the catalogue to {target}." in output
    assert "0 created, 0 with a new version, 1 unchanged." in output
    assert sole_trader_item.versions.count() == 1
    assert Event.objects.filter(code=EventCode.CATALOGUE_EXPORTED, actor=None).exists()


def test_import_creates_and_publishes(two_items, tmp_path, capsys, english_messages):
    source = tmp_path / "catalogue.json"
    source.write_bytes(exchange.write_json(two_items))

    call_command("catalogue", "import", str(source))

    assert "2 created" in capsys.readouterr().out
    assert ServiceItem.objects.filter(current__isnull=False).count() == 2


def test_import_draft_and_dry_run(two_items, tmp_path, capsys):
    source = tmp_path / "catalogue.xlsx"
    source.write_bytes(workbook(two_items))

    call_command("catalogue", "import", str(source), "--dry-run")
    assert not ServiceItem.objects.exists()
    call_command("catalogue", "import", str(source), "--draft")
    assert ServiceItem.objects.count() == 2 and not ServiceItem.objects.filter(current__isnull=False).exists()


def test_a_bad_file_prints_every_problem_and_exits_non_zero(two_items, tmp_path, capsys, english_messages):
    def change(book):
        cell(book, "事项", 2, "是否收费").value = "也许"
        cell(book, "办理环节", 3, "办理角色").value = "nobody"

    source = tmp_path / "catalogue.xlsx"
    source.write_bytes(workbook(two_items, change))

    with pytest.raises(CommandError, match="Nothing was imported: 2 problems"):
        call_command("catalogue", "import", str(source))

    errors = capsys.readouterr().err
    assert "事项, row 2, column 是否收费: Enter 是 or 否." in errors
    assert "办理环节, row 3, column 办理角色: Unknown code “nobody”" in errors
    assert not ServiceItem.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("catalogue.csv", b"a,b"),
        ("catalogue.xlsx", b"not a workbook"),
        ("missing.json", None),
    ],
)
def test_files_that_cannot_be_read_are_refused(db, tmp_path, name, content):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)

    with pytest.raises(CommandError):
        call_command("catalogue", "import", str(source))


def test_an_unwritable_export_target_is_refused(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("catalogue", "export", str(tmp_path / "no" / "such" / "dir.json"))


def test_the_yiwang_command_runs_it(sole_trader_item, tmp_path):
    from yiwang.cli import main

    target = tmp_path / "catalogue.json"
    main(["catalogue", "export", str(target)])

    assert (
        json.loads(target.read_bytes())["items"][0]["implementation_code"]
        == sole_trader_item.implementation_code
    )
