"""150 real citizen messages with personal data planted in varied forms: none of it survives the
redactor, neither as typed nor as a digit run with its spaces and dashes taken out."""

import json
import pathlib
import re

import pytest

from yiwang.core.redaction import redact_text

CORPUS = [
    json.loads(line)
    for line in (pathlib.Path(__file__).parent / "data" / "redaction_corpus.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]
SEPARATORS = re.compile(r"[\s\-－–—·()（）+]")


def test_the_corpus_is_large_and_varied():
    kinds = {plant["kind"] for message in CORPUS for plant in message["planted"]}
    assert len(CORPUS) >= 100
    assert kinds == {"id", "mobile", "fixed", "email", "plate", "flat", "card", "name"}


@pytest.mark.parametrize("message", CORPUS, ids=[str(n) for n in range(len(CORPUS))])
def test_nothing_planted_comes_out(message):
    out = redact_text(message["text"])
    squeezed = SEPARATORS.sub("", out)
    for plant in message["planted"]:
        value = plant["value"]
        assert value not in out, (plant, out)
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 7:
            assert digits not in squeezed, (plant, out)
            assert digits[-7:] not in squeezed, (plant, out)


def test_the_rest_of_each_message_stays_readable():
    kept = 0
    for message in CORPUS:
        out = redact_text(message["text"])
        text = message["text"]
        for plant in message["planted"]:
            text = text.replace(plant["value"], "")
        # Only the planted values and their labels go: most of the message is still there.
        kept += sum(1 for char in set(text) if char in out) / max(len(set(text)), 1)
    assert kept / len(CORPUS) > 0.97
