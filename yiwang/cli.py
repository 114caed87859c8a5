"""The `yiwang` command.

yiwang init                            create the embedded default's var dir and generated keys
yiwang demo    [--host H] [--port P]   init, migrate, load the demo district, print its accounts, serve
yiwang serve   [--host H] [--port P] [--workers N] [--no-worker]   web server (granian) + task worker
yiwang worker [--no-scheduler]          run background tasks and the periodic-job scheduler
yiwang catalogue export FILE | import FILE [--draft] [--dry-run]   the service catalogue as .xlsx / .json
yiwang certificates import FILE          import electronic certificates (.csv / .json / .xlsx), all rows or nothing
yiwang ledger sequence | verify | verify-receipt FILE | resign-head   the verifiable ledger (docs/ledger.md)
yiwang sm2 new-key | public-key         make an SM2 signing key; show the current and earlier public keys
yiwang demo-code USERNAME               a demo staff account's current one-time code
yiwang <django command> ...             any management command (migrate, createadmin, shell, ...);
                                        a name may be typed with - for _ (demo-code, seed-demo)
"""

import argparse
import os
import signal
import subprocess
import sys
import time


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    import django

    django.setup()


def _serve_args(parser):
    parser.add_argument("--host", default=os.environ.get("YIWANG_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("YIWANG_PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("YIWANG_WEB_WORKERS", "1")),
        help="web server processes",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("YIWANG_WEB_THREADS", "8")),
        help="threads per web server process",
    )
    parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")


def serve(args):
    """Run granian (WSGI) and, unless told not to, one task worker; stop both together."""
    web = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--backpressure",
        str(args.threads),
        "--no-ws",
        "yiwang.wsgi:application",
    ]
    children = [subprocess.Popen(web)]
    if not args.no_worker:
        children.append(subprocess.Popen([sys.executable, "-m", "yiwang", "worker"]))
    print(f"Yiwang is serving on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return max(
        [child.returncode for child in children if child.returncode and child.returncode > 0], default=0
    )


def demo(args):
    """Make the embedded database ready (safe to repeat), print the demo accounts, then serve."""
    from yiwang.core import localsecrets

    # Before the settings are read: they take the keys `yiwang init` would otherwise generate.
    for path in localsecrets.create_missing():
        print(f"created {path}")
    _django()
    from django.core.management import call_command

    call_command("init", verbosity=0)
    call_command("migrate", interactive=False, verbosity=1)
    call_command("seed_demo")
    if args.no_serve:
        return 0
    return serve(args)


def worker(argv):
    """The task worker, with the periodic-job scheduler in a thread beside it (--no-scheduler: without)."""
    _django()
    from django.core.management import call_command

    from yiwang.core import schedule

    stop = None
    if "--no-scheduler" in argv:
        argv = [a for a in argv if a != "--no-scheduler"]
    else:
        schedule.jobs()  # a tasks module that does not import stops the worker here, not silently later
        stop = schedule.start_in_thread()
    try:
        call_command("db_worker", *argv)
    finally:
        if stop is not None:
            stop.set()
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in {"serve", "demo"}:
        parser = argparse.ArgumentParser(prog=f"yiwang {argv[0]}")
        _serve_args(parser)
        if argv[0] == "demo":
            parser.add_argument("--no-serve", action="store_true", help="prepare the demo and exit")
        args = parser.parse_args(argv[1:])
        sys.exit(serve(args) if argv[0] == "serve" else demo(args))
    if argv and argv[0] == "worker":
        sys.exit(worker(argv[1:]))
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        argv = ["help"] if not argv else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    from django.core.management import execute_from_command_line

    if argv and "-" in argv[0] and not argv[0].startswith("-"):
        argv[0] = _command_name(argv[0])
    execute_from_command_line(["yiwang", *argv])


def _command_name(typed):
    """`demo-code` names the management command `demo_code`: the docs and shells prefer hyphens,
    Django's command modules cannot have them. A name that is a command as typed is kept."""
    from django.core.management import get_commands

    _django()
    commands = get_commands()
    underscored = typed.replace("-", "_")
    return typed if typed in commands or underscored not in commands else underscored
