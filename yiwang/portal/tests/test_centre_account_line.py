"""/me/ for an account without personal details: its name in one translatable sentence."""

from django.utils.translation.template import templatize

from yiwang.settings import BASE_DIR


def test_staff_member_sees_their_account_name(english, officer, login_as):
    login_as(officer)

    response = english.get("/me/")

    assert response.status_code == 200
    assert "Account: officer" in response.content.decode()


def test_the_account_line_is_one_string_for_translators():
    """A translator gets "Account: %(username)s" whole, so the word order and colon can change."""
    extracted = templatize((BASE_DIR / "templates" / "portal" / "centre.html").read_text(encoding="utf-8"))

    assert "gettext(u'Account: %(username)s')" in extracted
    assert "gettext(u'Account')" not in extracted
