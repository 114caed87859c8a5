"""Public 好差评 pages show what the rater said about the service, not the rater's personal data."""

from django.urls import reverse

from yiwang.feedback.actions import do_rate
from yiwang.feedback.stages import CASE, Target

COMMENT = "我叫李伟，电话138 0000 0001，窗口让我跑了三次，车牌渝A12345在门口被贴条。"


def test_a_public_comment_is_shown_without_name_phone_or_plate(client, finished_case, li_wei):
    do_rate(Target(CASE, finished_case, "accept"), level=4, comment=COMMENT, channel_code="1", actor=li_wei)

    response = client.get(reverse("feedback:department", kwargs={"code": "500103-04"}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "窗口让我跑了三次" in page
    for value in ("李伟", "138 0000 0001", "13800000001", "渝A12345"):
        assert value not in page
    assert "〔电话〕" in page and "〔车牌〕" in page
