"""The platform's SM2 signatures: the standard's vectors, fresh nonces, compatibility with the signatures
made before (gmssl), rotation to a new key, and refusing anything changed or malformed."""

import pytest
from cryptography.hazmat.primitives import hashes
from django.core.exceptions import ImproperlyConfigured
from gmssl import func as gmssl_func
from gmssl import sm2 as gmssl_sm2
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from yiwang.core import sm2

# GM/T 0003.5-2012 (GB/T 32918.5) example on the recommended curve, signer ID 1234567812345678.
KNOWN_PRIVATE = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
KNOWN_PUBLIC = (
    "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
)
KNOWN_K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
KNOWN_SIGNATURE = (
    "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
    "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa"
)

# The two curves, as (p, a, b, Gx, Gy, n).
RECOMMENDED = (
    0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF,
    0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC,
    0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93,
    0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
    0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0,
    0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123,
)
# GB/T 32918.2-2016 Annex A: the Fp-256 example curve, signer ALICE123@YAHOO.COM, message "message digest".
EXAMPLE_CURVE = (
    0x8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3,
    0x787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498,
    0x63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A,
    0x421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D,
    0x0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2,
    0x8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7,
)
ALICE_PUBLIC = (
    0x0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A,
    0x7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857,
)
ALICE_SIGNATURE = (
    0x40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1,
    0x6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7,
)


def _sm3(data):
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def _add(curve, p1, p2):
    p, a = curve[0], curve[1]
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and (p1[1] + p2[1]) % p == 0:
        return None
    if p1 == p2:
        slope = (3 * p1[0] * p1[0] + a) * pow(2 * p1[1], -1, p)
    else:
        slope = (p2[1] - p1[1]) * pow(p2[0] - p1[0], -1, p)
    x = (slope * slope - p1[0] - p2[0]) % p
    return x, (slope * (p1[0] - x) - p1[1]) % p


def _mul(curve, k, point):
    result = None
    while k:
        if k & 1:
            result = _add(curve, result, point)
        point, k = _add(curve, point, point), k >> 1
    return result


def reference_verify(curve, public, user_id, message, r, s):
    """GB/T 32918.2 §7.1 written out in plain Python (B1–B7), independent of the library under test."""
    p, a, b, gx, gy, n = curve
    if not (0 < r < n and 0 < s < n):
        return False
    size = (p.bit_length() + 7) // 8
    z = _sm3(
        (len(user_id) * 8).to_bytes(2, "big")
        + user_id
        + b"".join(v.to_bytes(size, "big") for v in (a, b, gx, gy, *public))
    )
    e = int.from_bytes(_sm3(z + message), "big")
    t = (r + s) % n
    if t == 0:
        return False
    point = _add(curve, _mul(curve, s, (gx, gy)), _mul(curve, t, public))
    return (e + point[0]) % n == r


def test_the_reference_verification_accepts_the_annex_example_of_gbt_32918_2():
    assert reference_verify(
        EXAMPLE_CURVE, ALICE_PUBLIC, b"ALICE123@YAHOO.COM", b"message digest", *ALICE_SIGNATURE
    )
    r, s = ALICE_SIGNATURE
    assert not reference_verify(EXAMPLE_CURVE, ALICE_PUBLIC, b"ALICE123@YAHOO.COM", b"message digesT", r, s)
    assert not reference_verify(EXAMPLE_CURVE, ALICE_PUBLIC, b"BOB", b"message digest", r, s)


def test_the_public_key_is_derived_from_the_private_key_as_the_standard_says(settings):
    settings.SM2_KEY = KNOWN_PRIVATE
    assert sm2.public_key() == KNOWN_PUBLIC


def test_signing_with_the_standards_k_gives_the_standards_signature(settings, monkeypatch):
    settings.SM2_KEY = KNOWN_PRIVATE
    # gmalglib reads the nonce's random bytes as a little-endian number.
    monkeypatch.setattr(sm2, "_nonce", lambda length: KNOWN_K.to_bytes(length, "little"))
    assert sm2.sign(b"message digest") == KNOWN_SIGNATURE


def test_the_standards_signature_verifies_and_a_changed_message_does_not():
    assert sm2.verify(b"message digest", KNOWN_SIGNATURE, KNOWN_PUBLIC)
    assert sm2.verify(b"message digest", KNOWN_SIGNATURE, "04" + KNOWN_PUBLIC.upper())
    assert not sm2.verify(b"message digesT", KNOWN_SIGNATURE, KNOWN_PUBLIC)


@hsettings(max_examples=10, deadline=None)
@given(st.binary(max_size=100))
def test_platform_signatures_satisfy_the_standards_verification_equation(data):
    signature = sm2.sign(data)
    public = sm2.public_key()
    point = (int(public[:64], 16), int(public[64:], 16))
    r, s = int(signature[:64], 16), int(signature[64:], 16)
    assert reference_verify(RECOMMENDED, point, sm2.SIGNER_ID, data, r, s)


def test_two_signatures_of_the_same_message_never_share_r():
    rs = [sm2.sign(b"the same tree head")[:64] for _ in range(300)]
    assert len(set(rs)) == len(rs)


def test_the_nonce_comes_from_the_csprng_not_from_pythons_random(monkeypatch):
    import random

    random.seed(1)
    first = sm2.sign(b"x")
    random.seed(1)
    assert sm2.sign(b"x")[:64] != first[:64]


def test_signatures_made_before_with_gmssl_still_verify(settings):
    settings.SM2_KEY = sm2.new_private_key()
    old = gmssl_sm2.CryptSM2(private_key=settings.SM2_KEY, public_key=sm2.public_key(), mode=1)
    signature = old.sign_with_sm3(b"certificate 7", gmssl_func.random_hex(old.para_len))
    assert sm2.verify(b"certificate 7", signature)
    assert not sm2.verify(b"certificate 8", signature)


def test_gmssl_verifies_the_new_signatures(settings):
    settings.SM2_KEY = sm2.new_private_key()
    signature = sm2.sign(b"tree head 9")
    other = gmssl_sm2.CryptSM2(private_key=None, public_key=sm2.public_key(), mode=1)
    assert other.verify_with_sm3(signature, b"tree head 9")


def test_a_signature_verifies_and_a_changed_message_does_not():
    signature = sm2.sign(b"tree head 42")
    assert sm2.verify(b"tree head 42", signature)
    assert not sm2.verify(b"tree head 43", signature)


def test_a_signature_does_not_verify_under_another_key():
    other = sm2._signer(sm2.new_private_key()).public
    assert not sm2.verify(b"x", sm2.sign(b"x"), other)


@pytest.mark.parametrize("signature", ["", "zz" * 64, "00" * 64, "ab" * 63, None, "ff" * 64, " " * 128])
def test_malformed_signatures_are_not_valid_and_raise_nothing(signature):
    assert sm2.verify(b"x", signature) is False


@pytest.mark.parametrize("public", ["", "00" * 64, "01" * 64, "zz" * 64, "04" * 65, 7])
def test_malformed_public_keys_are_not_valid_and_raise_nothing(public):
    assert sm2.verify(b"x", sm2.sign(b"x"), public) is False


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


@pytest.mark.parametrize("key", ["", "xyz", "00" * 32, "%064x" % (sm2.ORDER - 1), "ab" * 33])
def test_a_missing_or_invalid_key_is_refused_with_a_clear_message(settings, key):
    settings.SM2_KEY = key
    with pytest.raises(ImproperlyConfigured, match="YIWANG_SM2_KEY"):
        sm2.sign(b"x")


def test_after_rotation_old_signatures_verify_under_the_old_key_named_by_its_key_id(settings):
    settings.SM2_KEY = sm2.new_private_key()
    old_public, old_id = sm2.public_key(), sm2.key_id()
    old_signature = sm2.sign(b"head 1")
    settings.SM2_KEY, settings.SM2_OLD_KEYS = sm2.new_private_key(), ["04" + old_public.upper()]
    assert sm2.key_id() != old_id
    assert list(sm2.verification_keys()) == [sm2.key_id(), old_id]
    assert sm2.public_key_for(old_id) == old_public
    assert sm2.verify(b"head 1", old_signature, sm2.public_key_for(old_id))
    assert not sm2.verify(b"head 1", old_signature)  # not under the new key
    assert sm2.public_key_for("0123456789abcdef") is None


def test_an_old_key_that_is_not_a_public_key_is_refused(settings):
    settings.SM2_OLD_KEYS = ["01" * 64]
    with pytest.raises(ImproperlyConfigured, match="YIWANG_SM2_OLD_KEYS"):
        sm2.verification_keys()


def test_the_sm2_command_makes_a_key_and_lists_current_and_earlier_public_keys(settings, capsys):
    from django.core.management import call_command

    call_command("sm2", "new-key")
    new = capsys.readouterr().out.strip()
    assert len(new) == 64 and 0 < int(new, 16) < sm2.ORDER - 1
    old_public, old_id = sm2.public_key(), sm2.key_id()
    settings.SM2_KEY, settings.SM2_OLD_KEYS = new, [old_public]
    call_command("sm2", "public-key")
    assert capsys.readouterr().out.splitlines() == [
        f"{sm2.key_id()} 04{sm2.public_key()} current",
        f"{old_id} 04{old_public} earlier",
    ]
