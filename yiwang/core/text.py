"""Content stored in Simplified Chinese, shown in the reader's script (DESIGN.md: Languages).

Catalogue content (department names, service names, guides) is kept once, in Simplified Chinese;
zh-Hant readers get it converted with OpenCC (s2t, character by character, so that mainland
government terms stay the terms they are). English readers see the Chinese original unless an
English text was given.
"""

import functools

from django.utils.translation import get_language


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("s2t")


@functools.lru_cache(maxsize=4096)
def to_traditional(text):
    return _converter().convert(text)


def localise(text, english=None):
    """`text` (Simplified Chinese) for the active language."""
    if text is None:
        return ""
    language = (get_language() or "").lower()
    if language == "zh-hant":
        return to_traditional(str(text))
    if language == "en" and english:
        return english
    return text
