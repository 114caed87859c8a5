"""The embedded default's generated secrets: settings only read them, `yiwang init` creates them.

On one machine with nothing configured, Yiwang keeps its Django secret key, PII master key and SM2
signing key in files under `YIWANG_VAR_DIR` (mode 0700, the files 0600), beside the SQLite
database, whose files are kept 0600 by `protect_sqlite` whoever creates them. Importing the settings writes nothing: a
missing file leaves the setting empty, and whatever needs the key then says to set the variable or to
run `yiwang init` (which `yiwang demo` runs first). Production sets the variables and never runs it.
"""

import os
import secrets
import stat
from pathlib import Path

# (environment variable, file under the var dir, how a new value is made)
GENERATED = (
    ("YIWANG_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50)),
    ("YIWANG_PII_KEY", "pii.key", lambda: secrets.token_hex(32)),
    ("YIWANG_SM2_KEY", "sm2.key", lambda: _new_sm2_key()),
)


def _new_sm2_key():
    from yiwang.core.sm2 import new_private_key

    return new_private_key()


def var_dir():
    """The var dir settings use: `YIWANG_VAR_DIR`, or `./var` of the current directory."""
    return Path(os.environ.get("YIWANG_VAR_DIR") or Path.cwd() / "var").resolve()


def read(directory, filename):
    """The secret kept in `directory/filename`, or "" when there is none (nothing is created)."""
    try:
        return (Path(directory) / filename).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def _configured(name):
    return bool(os.environ.get(name) or os.environ.get(f"{name}_FILE"))


def create_missing(directory=None):
    """Create the var dir and every generated secret that is neither configured nor already there.

    Never overwrites a file (a lost PII key makes personal data unreadable). Returns the paths created.
    """
    directory = Path(directory or var_dir())
    created = []
    for name, filename, make in GENERATED:
        path = directory / filename
        if _configured(name) or path.exists():
            continue
        make_private_dir(directory)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: keep theirs
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(make())
        created.append(path)
    return created


def make_private_dir(directory):
    """Create `directory` (and its parents) if needed and leave it 0700: only the owner may list or
    read the keys and the database in it. An existing var dir made 0755 by an earlier version is
    tightened too."""
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(directory.stat().st_mode) != 0o700:
        directory.chmod(0o700)


def protect_sqlite(name):
    """Make an SQLite database file and its `-wal` and `-shm` companions 0600.

    SQLite creates the database with the process umask (usually 0644, readable by every local
    account) and later gives `-wal`/`-shm` the database file's own mode, so fixing the database
    file fixes what comes after. In-memory databases and files this process does not own are left
    as they are."""
    name = str(name or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (Path(name), Path(name + "-wal"), Path(name + "-shm")):
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)
        except (FileNotFoundError, PermissionError):
            continue
