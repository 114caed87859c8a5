"""System checks of the core: every key is configured before Yiwang serves or migrates.

Importing the settings writes no file, so a fresh clone has no key until `yiwang init` made them
(the embedded default) or the environment gives them (production). `yiwang check`, `migrate` and the
other commands that run Django's checks then stop with a message naming the variable.
"""

from django.conf import settings
from django.core import checks

CHECK_IDS = {
    "YIWANG_SECRET_KEY": "yiwang.E001",
    "YIWANG_PII_KEY": "yiwang.E002",
    "YIWANG_SM2_KEY": "yiwang.E003",
}


@checks.register(checks.Tags.security)
def keys_are_configured(app_configs=None, **kwargs):
    """An error for each of the three keys that is neither in the environment nor in the var dir."""
    return [
        checks.Error(
            f"{variable} is not set.",
            hint=f"Production: set {variable} (or {variable}_FILE). Embedded default: run `yiwang init` "
            f"once, which generates the missing keys into {settings.VAR_DIR}.",
            id=CHECK_IDS.get(variable, "yiwang.E000"),
        )
        for variable in getattr(settings, "YIWANG_MISSING_KEYS", ())
    ]
