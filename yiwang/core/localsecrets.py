"""The embedded default's generated secrets: settings only read them, `yiwang init` creates them.

On one machine with nothing configured, Yiwang keeps its Django secret key, PII master key and SM2
signing key in files under `YIWANG_VAR_DIR` (mode 0600). Importing the settings writes nothing: a
missing file leaves the setting empty, and whatever needs the key then says to set the variable or to
run `yiwang init` (which `yiwang demo` runs first). Production sets the variables and never runs it.
"""

import os
import secrets
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
        directory.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: keep theirs
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(make())
        created.append(path)
    return created
