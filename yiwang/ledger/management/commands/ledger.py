"""`yiwang ledger sequence|verify|verify-receipt|sth`: operating and checking the verifiable ledger.

yiwang ledger sequence              place waiting entries in the tree and sign a tree head now
yiwang ledger verify                rebuild the whole log from its rows; exit 1 naming the first bad index
yiwang ledger verify-receipt FILE [--key HEX]   check a receipt offline; exit 1 if it does not hold
yiwang ledger sth                   print the latest signed tree head (JSON)
yiwang ledger resign-head           sign the current tree with the current SM2 key (after a key rotation)
"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Verifiable ledger: sequence entries, verify the whole log, verify a receipt offline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sequence", help="place waiting entries in the tree and sign a tree head")
        sub.add_parser(
            "verify", help="rebuild the log from its rows and check every stored hash and signed head"
        )
        receipt = sub.add_parser("verify-receipt", help="check a receipt (JSON file) without the database")
        receipt.add_argument("file")
        receipt.add_argument(
            "--key",
            default=None,
            help="the log's public key (hex, 04‖x‖y or x‖y); default: the one in the receipt",
        )
        sub.add_parser("sth", help="print the latest signed tree head")
        sub.add_parser(
            "resign-head", help="sign the current tree with the current SM2 key (after rotating it)"
        )

    def handle(self, *args, action, **options):
        return getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_sequence(self, **_):
        from yiwang.ledger.actions import do_sequence

        started = time.perf_counter()
        placed, head = do_sequence()
        took = time.perf_counter() - started
        if head is None:
            self.stdout.write(f"placed {placed} entries in {took:.2f} s; no new tree head")
        else:
            self.stdout.write(
                f"placed {placed} entries in {took:.2f} s; signed tree head of size {head.tree_size}, "
                f"root {head.root_hash}"
            )

    def handle_verify(self, verbosity=1, **_):
        from yiwang.ledger.verify import verify_log

        started = time.perf_counter()

        def progress(done, total):
            if verbosity > 1:
                self.stderr.write(f"  {done}/{total}")

        report = verify_log(progress=progress)
        took = time.perf_counter() - started
        if report.ok:
            self.stdout.write(
                f"OK: {report.entries} entries and {report.heads} signed tree heads verified in {took:.1f} s"
            )
            return
        for problem in report.problems[:20]:
            self.stderr.write(f"index {problem.index}: {problem.message}")
        if len(report.problems) > 20:
            self.stderr.write(f"... and {len(report.problems) - 20} more problems")
        self.stderr.write(f"TAMPERED: first bad index {report.first_bad_index}")
        sys.exit(1)

    def handle_verify_receipt(self, file, key, **_):
        from yiwang.ledger.verify import verify_receipt

        try:
            with open(file, encoding="utf-8") as handle:
                receipt = json.load(handle)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except (ValueError, UnicodeDecodeError):
            self.stderr.write("NOT VALID: the file is not JSON")
            sys.exit(1)
        problems = verify_receipt(receipt, public_key=key)
        if problems:
            for problem in problems:
                self.stderr.write(f"NOT VALID: {problem}")
            sys.exit(1)
        self.stdout.write(
            f"OK: entry {receipt['entry']['leaf_index']} is in the log of size "
            f"{receipt['sth']['tree_size']} signed by key {receipt['sth']['key_id']}"
            + ("" if key else " (the key given in the receipt; pass --key to check it is the log's)")
        )

    def handle_resign_head(self, **_):
        from yiwang.core import sm2
        from yiwang.ledger.actions import do_resign_head

        head, new = do_resign_head()
        if head is None:
            raise CommandError("another sequencer holds the tree: try again in a moment")
        verb = "signed" if new else "already signed"
        self.stdout.write(
            f"{verb}: tree head of size {head.tree_size}, root {head.root_hash}, key {head.key_id}"
            f" (current key {sm2.key_id()})"
        )

    def handle_sth(self, **_):
        from yiwang.ledger.proofs import head_json, latest_head

        head = latest_head()
        if head is None:
            raise CommandError("no signed tree head yet: run `yiwang ledger sequence`")
        self.stdout.write(json.dumps(head_json(head), indent=2))
