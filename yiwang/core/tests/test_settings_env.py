"""Settings from the environment: yes/no values are strict, importing writes no file, and the embedded
default's keys come from an explicit `yiwang init` (which `yiwang demo` runs)."""

import os
import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from yiwang.settings import env_bool

KEY_VARIABLES = ("YIWANG_SECRET_KEY", "YIWANG_PII_KEY", "YIWANG_SM2_KEY")


@pytest.mark.parametrize(
    "value,expected",
    [("1", True), ("true", True), ("TRUE", True), (" Yes ", True), ("on", True), ("On", True)]
    + [("0", False), ("false", False), ("False", False), ("NO", False), ("off", False)],
)
def test_env_bool_knows_the_usual_words_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("YIWANG_TEST_FLAG", value)
    assert env_bool("YIWANG_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("value", ["maybe", "2", "ture", "y", "enabled", "-1", "true!"])
def test_env_bool_refuses_a_value_it_does_not_know_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("YIWANG_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="YIWANG_TEST_FLAG"):
        env_bool("YIWANG_TEST_FLAG")


def test_env_bool_unset_or_empty_gives_the_default(monkeypatch):
    monkeypatch.delenv("YIWANG_TEST_FLAG", raising=False)
    assert env_bool("YIWANG_TEST_FLAG", True) is True
    monkeypatch.setenv("YIWANG_TEST_FLAG", "")
    assert env_bool("YIWANG_TEST_FLAG", False) is False


def _run(code, cwd, **extra):
    """Run `code` in a fresh interpreter in `cwd`, with the embedded default's environment (no keys)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YIWANG_", "DJANGO_"))}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_importing_the_settings_in_a_fresh_place_writes_no_file(tmp_path):
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'yiwang.settings'; django.setup(); "
        "from django.conf import settings; print(repr(settings.SM2_KEY), settings.VAR_DIR)"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("''") and str(tmp_path / "var") in result.stdout
    assert _files(tmp_path) == []


def test_without_keys_signing_says_to_set_the_key_or_run_init(tmp_path):
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'yiwang.settings'; django.setup(); "
        "from yiwang.core import sm2; sm2.sign(b'x')"
    )
    result = _run(code, tmp_path)
    assert result.returncode != 0
    assert "YIWANG_SM2_KEY is not set" in result.stderr and "yiwang init" in result.stderr
    assert _files(tmp_path) == []


def test_yiwang_init_creates_the_missing_keys_once_and_the_settings_read_them(tmp_path):
    init = "from yiwang.cli import main; main(['init'])"
    result = _run(init, tmp_path)
    assert result.returncode == 0, result.stderr
    var = tmp_path / "var"
    assert sorted(p.name for p in var.iterdir()) == ["pii.key", "secret_key", "sm2.key", "static"]
    for name in ("pii.key", "secret_key", "sm2.key"):
        assert stat.S_IMODE((var / name).stat().st_mode) == 0o600
    before = {name: (var / name).read_text() for name in ("pii.key", "secret_key", "sm2.key")}
    assert _run(init, tmp_path).returncode == 0  # again: nothing replaced
    assert before == {name: (var / name).read_text() for name in before}
    read = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'yiwang.settings'; django.setup(); "
        "from django.conf import settings; from yiwang.core import sm2; "
        "print(settings.SM2_KEY, settings.PII_KEY, settings.SECRET_KEY, sm2.verify(b'x', sm2.sign(b'x')))"
    )
    result = _run(read, tmp_path)
    assert result.stdout.split() == [before["sm2.key"], before["pii.key"], before["secret_key"], "True"]


def test_yiwang_init_leaves_configured_keys_to_their_variables(tmp_path):
    (tmp_path / "secret-from-elsewhere").write_text("a-secret-key-kept-by-the-operator-0123456789-abcdefgh")
    result = _run(
        "from yiwang.cli import main; main(['init'])",
        tmp_path,
        YIWANG_SM2_KEY="3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8",
        YIWANG_SECRET_KEY_FILE=str(tmp_path / "secret-from-elsewhere"),
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "var").iterdir()) == ["pii.key", "static"]


def test_yiwang_check_names_each_missing_key_and_init_makes_it_pass(tmp_path):
    check = "from yiwang.cli import main; main(['check'])"
    result = _run(check, tmp_path)
    assert result.returncode != 0
    for variable in KEY_VARIABLES:
        assert f"{variable} is not set" in result.stderr
    assert "yiwang init" in result.stderr
    assert _files(tmp_path) == []
    assert _run("from yiwang.cli import main; main(['init'])", tmp_path).returncode == 0
    result = _run(check, tmp_path)
    assert result.returncode == 0, result.stderr
