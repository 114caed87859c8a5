"""The platform's SM2 signatures: sign, verify, and refuse anything changed or malformed."""

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from yiwang.core import sm2

# GB/T 32918.2 example keys are on a test curve; these are the published SM2 (recommended curve)
# values used across implementations' interoperability tests: the public key of d = 3945…c5b8.
KNOWN_PRIVATE = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
KNOWN_PUBLIC = (
    "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
)


def test_the_public_key_is_derived_from_the_private_key_as_the_standard_says(settings):
    settings.SM2_KEY = KNOWN_PRIVATE
    assert sm2.public_key() == KNOWN_PUBLIC


def test_a_signature_verifies_and_a_changed_message_does_not():
    signature = sm2.sign(b"tree head 42")
    assert sm2.verify(b"tree head 42", signature)
    assert not sm2.verify(b"tree head 43", signature)


def test_a_signature_does_not_verify_under_another_key():
    other = sm2._signer(sm2.new_private_key()).public_key
    assert not sm2.verify(b"x", sm2.sign(b"x"), other)


@pytest.mark.parametrize("signature", ["", "zz" * 64, "00" * 64, "ab" * 63, None, "ff" * 64])
def test_malformed_signatures_are_not_valid_and_raise_nothing(signature):
    assert sm2.verify(b"x", signature) is False


@hsettings(max_examples=15, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=127))
def test_flipping_any_hex_digit_of_a_signature_breaks_it(data, position):
    signature = sm2.sign(data)
    flipped = signature[:position] + ("0" if signature[position] != "0" else "1") + signature[position + 1 :]
    assert sm2.verify(data, signature)
    assert not sm2.verify(data, flipped)


def test_new_private_keys_are_valid_and_distinct():
    keys = {sm2.new_private_key() for _ in range(5)}
    assert len(keys) == 5
    for key in keys:
        assert len(key) == 64 and 0 < int(key, 16) < sm2.ORDER - 1
