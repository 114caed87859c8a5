"""The embedded default's var dir is the owner's alone: 0700, and the SQLite database files 0600."""

import os
import stat
import subprocess
import sys


def _run(code, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YIWANG_", "DJANGO_", "DATABASE_URL"))}
    code = "import os; os.umask(0o022); " + code  # the usual umask, which makes files 0644
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_yiwang_init_makes_a_new_var_dir_0700(tmp_path):
    result = _run("from yiwang.cli import main; main(['init'])", tmp_path)
    assert result.returncode == 0, result.stderr
    assert _mode(tmp_path / "var") == 0o700


def test_yiwang_init_tightens_an_earlier_world_readable_var_dir_and_database(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    for name in ("yiwang.sqlite3", "yiwang.sqlite3-wal", "yiwang.sqlite3-shm"):
        (var / name).write_bytes(b"")
        (var / name).chmod(0o644)

    result = _run("from yiwang.cli import main; main(['init'])", tmp_path)

    assert result.returncode == 0, result.stderr
    assert _mode(var) == 0o700
    assert {
        name: _mode(var / name) for name in ("yiwang.sqlite3", "yiwang.sqlite3-wal", "yiwang.sqlite3-shm")
    } == {
        "yiwang.sqlite3": 0o600,
        "yiwang.sqlite3-wal": 0o600,
        "yiwang.sqlite3-shm": 0o600,
    }


def test_the_database_created_by_its_first_connection_and_its_wal_files_are_0600(tmp_path):
    assert _run("from yiwang.cli import main; main(['init'])", tmp_path).returncode == 0
    code = (
        "import django, stat; os.environ['DJANGO_SETTINGS_MODULE'] = 'yiwang.settings'; django.setup(); "
        "from django.db import connection; from django.conf import settings; "
        "connection.cursor().execute('create table t (x int)'); "
        "name = str(settings.DATABASES['default']['NAME']); "
        "print(*(oct(stat.S_IMODE(os.stat(name + s).st_mode)) for s in ('', '-wal', '-shm')))"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0o600", "0o600", "0o600"]
