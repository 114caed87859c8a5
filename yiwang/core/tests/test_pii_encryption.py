"""SM4-GCM encryption of personal information: round trip, fresh nonces, and tampering detected."""

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwang.core.pii import DecryptionError, decrypt, encrypt

CONTEXT = b"accounts.person.id_number"


def raw(token):
    return base64.b64decode(token.partition(":")[2])


def token_of(raw_bytes):
    return "s1:" + base64.b64encode(raw_bytes).decode("ascii")


@settings(max_examples=150, deadline=None)
@given(st.text(), st.binary(max_size=40))
def test_decrypting_gives_back_the_text(text, context):
    assert decrypt(encrypt(text, context=context), context=context) == text


def test_the_same_text_encrypts_differently_every_time():
    tokens = {encrypt("11010519491231002X", context=CONTEXT) for _ in range(20)}
    assert len(tokens) == 20
    assert all(t.startswith("s1:") and "11010519491231002X" not in t for t in tokens)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=30), st.data())
def test_any_flipped_bit_is_detected(text, data):
    body = bytearray(raw(encrypt(text, context=CONTEXT)))
    position = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    body[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    with pytest.raises(DecryptionError):
        decrypt(token_of(bytes(body)), context=CONTEXT)


def test_a_ciphertext_moved_to_another_column_is_refused():
    token = encrypt("13800000001", context=b"accounts.person.phone")
    with pytest.raises(DecryptionError):
        decrypt(token, context=CONTEXT)


def test_a_different_key_cannot_decrypt(settings):
    token = encrypt("11010519491231002X", context=CONTEXT)
    settings.PII_KEY = "00" * 32
    with pytest.raises(DecryptionError):
        decrypt(token, context=CONTEXT)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t[:-4],  # cut short
        lambda t: t[:10],  # little left of the nonce
        lambda t: "s1:",  # nothing at all
        lambda t: t + "A",  # not base64 any more
        lambda t: t.replace("s1:", "s1:!"),
        lambda t: "s9:" + t[3:],  # a format this code does not know
        lambda t: t[3:],  # the version prefix lost
        lambda t: token_of(raw(t)[:-1]),  # one byte of the tag missing
    ],
    ids=[
        "cut",
        "nonce-only",
        "empty",
        "not-base64",
        "stray-character",
        "unknown-version",
        "no-version",
        "short-tag",
    ],
)
def test_a_damaged_token_raises_decryption_error(spoil):
    with pytest.raises(DecryptionError):
        decrypt(spoil(encrypt("11010519491231002X", context=CONTEXT)), context=CONTEXT)
