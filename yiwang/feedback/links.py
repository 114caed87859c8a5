"""Signed rating links: an SMS link, the QR code on a decision letter, the hall tablet's link.

A link names one stage of one case or ticket and the channel it was given through, signed with the
site's secret (Django's signing, salted for this use): it works without logging in, cannot be
turned into a link for another case or stage, and is spent once the stage is rated (the database
allows one rating per stage). It carries no timestamp, so a printed letter gives the same bytes
every time it is drawn.
"""

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from yiwang.feedback.models import ChannelCode
from yiwang.feedback.stages import CASE, TICKET

SALT = "yiwang.feedback.rating-link"
KINDS = {CASE: "c", TICKET: "t"}
STAGES = {"accept": "a", "result": "r", "answer": "w"}
LINK_CHANNELS = (ChannelCode.QR_CODE, ChannelCode.HALL_TABLET, ChannelCode.PHONE_SMS)


def make_token(kind, code, stage, channel_code):
    value = f"{KINDS[kind]}{code.hex}{STAGES[stage]}{channel_code}"
    return signing.Signer(salt=SALT).sign(value)


def read_token(token):
    """(kind, code, stage, channel code) of a genuine token, or None for anything else."""
    try:
        value = signing.Signer(salt=SALT).unsign(str(token)[:200])
    except signing.BadSignature:
        return None
    kinds = {v: k for k, v in KINDS.items()}
    stages = {v: k for k, v in STAGES.items()}
    if len(value) != 35 or value[0] not in kinds or value[33] not in stages or value[34] not in LINK_CHANNELS:
        return None
    try:
        code = uuid.UUID(hex=value[1:33])
    except ValueError:
        return None
    return kinds[value[0]], code, stages[value[33]], value[34]


def rating_path(kind, code, stage, channel_code):
    return reverse("feedback:rate_link", kwargs={"token": make_token(kind, code, stage, channel_code)})


def rating_url(kind, code, stage, channel_code):
    """The absolute link, for SMS messages and letters."""
    return f"{settings.YIWANG_SITE_URL}{rating_path(kind, code, stage, channel_code)}"


def letter_rating_url(case):
    """The QR code on a decision letter: rates the result, or the refusal for a case not accepted."""
    stage = "accept" if case.status == "not_accepted" else "result"
    return rating_url(CASE, case.code, stage, ChannelCode.QR_CODE)
