"""`yiwang sm2 new-key | public-key`: make an SM2 signing key, and show the platform's public key.

yiwang sm2 new-key      print a fresh private key (64 hex characters) for YIWANG_SM2_KEY
yiwang sm2 public-key   print the current key's key_id and public key (04‖x‖y), and the earlier
                        keys of YIWANG_SM2_OLD_KEYS; before a rotation, the public key goes into
                        YIWANG_SM2_OLD_KEYS (docs/security.md, "Rotating the SM2 key")
"""

from django.core.management.base import BaseCommand

from yiwang.core import sm2


class Command(BaseCommand):
    help = "SM2 signing key: make a new private key, or show the current and earlier public keys."
    requires_system_checks = []  # `new-key` is how a missing key is made

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("new-key", help="print a fresh private key for YIWANG_SM2_KEY")
        sub.add_parser("public-key", help="print the key_id and public key of the current and earlier keys")

    def handle(self, *args, action, **options):
        if action == "new-key":
            self.stdout.write(sm2.new_private_key())
            return
        current = sm2.key_id()
        for key_id, public in sm2.verification_keys().items():
            role = "current" if key_id == current else "earlier"
            self.stdout.write(f"{key_id} 04{public} {role}")
