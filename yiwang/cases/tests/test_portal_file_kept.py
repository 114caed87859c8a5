"""Saving the form again without choosing a new file keeps the file a file field already holds."""

from conftest import item_spec, upload
from yiwang.cases.actions import do_start_case
from yiwang.cases.models import CaseMaterial
from yiwang.cases.tests.test_portal_apply import form_post, published_item


def test_saving_again_keeps_the_uploaded_file(client, li_wei, login_as, district):
    fields = item_spec()["form_fields"] + [
        {"key": "photo", "label": "门头照片", "kind": "file", "required": True}
    ]
    item = published_item(form_fields=fields)
    case = do_start_case(item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    login_as(li_wei)
    client.post(f"/cases/{case.code}/form/", form_post(photo=upload("shop.pdf")))

    response = client.post(f"/cases/{case.code}/form/", form_post(go="next"))  # no new file chosen

    case.refresh_from_db()
    assert response.status_code == 302
    assert case.data["photo"] == str(CaseMaterial.objects.get().code)
