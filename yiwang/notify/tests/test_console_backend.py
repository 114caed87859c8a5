"""The console SMS backend logs what was sent without a usable bearer link or a phone number."""

import logging
import uuid

from django.test import override_settings

from yiwang.feedback.links import rating_path
from yiwang.notify.actions import do_notify, send_pending
from yiwang.notify.backends import mask_links
from yiwang.notify.models import Notification


@override_settings(YIWANG_SMS_BACKEND="yiwang.notify.backends.ConsoleBackend")
def test_the_console_log_hides_rating_and_visit_tokens_and_the_phone(
    li_wei, caplog, django_capture_on_commit_callbacks
):
    rating = rating_path("case", uuid.uuid4(), "result", "w")
    token = rating.rstrip("/").rsplit("/", 1)[1]
    visit_token = "Zk3u9_Xq8aLmN0pQrStUvWxYz12"
    body = f"请评价：https://yiwang.example.cn{rating} 回访：/hotline/visit/{visit_token}/"
    with django_capture_on_commit_callbacks(execute=False):
        do_notify(li_wei, subject="办结", body=body, media=(Notification.SMS,))

    with caplog.at_level(logging.INFO, logger="yiwang.notify"):
        assert send_pending() == 1

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "https://yiwang.example.cn/" in logged and "/hotline/visit/***/" in logged
    assert token not in logged and token.split(":")[-1] not in logged and visit_token not in logged
    assert "13800000001" not in logged and "138****0001" in logged


def test_only_token_like_parts_of_a_link_are_hidden():
    assert mask_links("见 https://x.cn/a?token=abcdefghijklmnopqrstu&x=1 或 /help/faq/") == (
        "见 https://x.cn/a?token=***&x=1 或 /help/faq/"
    )
