"""Receipts: `yiwang ledger verify-receipt FILE` offline, and the browser's verifier (run here in Node)."""

import base64
import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from yiwang.ledger.leaves import canonical_json
from yiwang.ledger.models import Entry
from yiwang.ledger.proofs import receipt
from yiwang.ledger.verify import verify_receipt

VERIFY_JS = Path(__file__).resolve().parents[1] / "static" / "ledger" / "verify.js"


@pytest.fixture
def good(sequenced):
    return receipt(Entry.objects.get(leaf_index=21))


def _leaf_changed(r):
    fields = json.loads(base64.b64decode(r["entry"]["leaf_input"]))
    fields["purpose"] = "别的用途"
    r["entry"]["leaf_input"] = base64.b64encode(canonical_json(fields).encode()).decode()
    r["entry"]["fields"] = fields
    del r["entry"]["leaf_hash"]


def _path_changed(r):
    r["inclusion_proof"]["audit_path"][1] = base64.b64encode(b"\x01" * 32).decode()


def _index_changed(r):
    r["entry"]["leaf_index"] = r["inclusion_proof"]["leaf_index"] = 20


def _opening_changed(r):
    r["entry"]["openings"]["object"] = "datahub.record:99"


def _size_changed(r):
    r["sth"]["tree_size"] = r["inclusion_proof"]["tree_size"] = 41


def _timestamp_changed(r):
    r["sth"]["timestamp"] += 1


def _key_changed(r):
    r["log"]["public_key"] = "04" + "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020" * 2


TAMPERINGS = [
    _leaf_changed,
    _path_changed,
    _index_changed,
    _opening_changed,
    _size_changed,
    _timestamp_changed,
    _key_changed,
]


def test_a_receipt_verifies(good):
    assert verify_receipt(good) == []
    assert verify_receipt(good, public_key=good["log"]["public_key"]) == []


@pytest.mark.parametrize("tamper", TAMPERINGS)
def test_an_altered_receipt_fails(good, tamper):
    bad = copy.deepcopy(good)
    tamper(bad)
    assert verify_receipt(bad)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {"format": "yiwang-ledger-receipt/1"},
        {"format": "other"},
        {
            "format": "yiwang-ledger-receipt/1",
            "entry": {"leaf_input": "!!"},
            "inclusion_proof": {},
            "sth": {},
        },
    ],
)
def test_malformed_receipts_are_not_valid(bad):
    assert verify_receipt(bad)


def test_the_command_checks_a_file(good, tmp_path, capsys):
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    call_command("ledger", "verify-receipt", str(path))
    assert "OK: entry 21 is in the log of size 40" in capsys.readouterr().out
    call_command("ledger", "verify-receipt", str(path), "--key", good["log"]["public_key"])
    other_key = "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020" * 2
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "verify-receipt", str(path), "--key", other_key)
    assert exit_info.value.code == 1 and "NOT VALID" in capsys.readouterr().err


def test_the_command_refuses_an_altered_or_broken_file(good, tmp_path, capsys):
    bad = copy.deepcopy(good)
    _path_changed(bad)
    for name, text in (("bad.json", json.dumps(bad)), ("broken.json", "{not json")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SystemExit) as exit_info:
            call_command("ledger", "verify-receipt", str(path))
        assert exit_info.value.code == 1
    assert "NOT VALID" in capsys.readouterr().err


def test_the_sth_command_prints_the_latest_head(sequenced, capsys):
    call_command("ledger", "sth")
    assert json.loads(capsys.readouterr().out)["tree_size"] == 40


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the browser's verifier")
def test_the_browser_verifier_agrees(good, tmp_path):
    """The same receipts through static/ledger/verify.js: the good one holds, every altered one fails."""
    receipts = [good]
    # the browser does not check the signature, so not what only the signature binds (size, time, key)
    for tamper in (_leaf_changed, _path_changed, _index_changed, _opening_changed):
        bad = copy.deepcopy(good)
        tamper(bad)
        receipts.append(bad)
    path = tmp_path / "receipts.json"
    path.write_text(json.dumps(receipts), encoding="utf-8")
    script = (
        "const L = require(process.argv[1]); const rs = require(process.argv[2]);"
        "console.log(JSON.stringify(rs.map(r => L.checkReceipt(r).length === 0)));"
        "console.log(L.hex(L.sm3(new TextEncoder().encode('abc'))));"
    )
    out = subprocess.run(
        ["node", "-e", script, str(VERIFY_JS), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    verdicts = json.loads(out[0])
    assert verdicts[0] is True
    assert verdicts[1:] == [False, False, False, False]
    assert out[1] == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"  # GB/T 32905 example
