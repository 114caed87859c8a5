"""Uploads are checked by content and size; fetched materials are not uploaded."""

import pytest
from django.core.exceptions import ValidationError

from conftest import upload
from yiwang.cases.actions import do_add_material, do_remove_material, do_start_case
from yiwang.cases.models import CaseMaterial


@pytest.fixture
def draft(li_wei, sole_trader_item):
    return do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)


def test_a_pdf_is_stored_with_its_sm3_digest(draft, li_wei):
    row = do_add_material(
        draft, upload=upload(), actor=li_wei, material=draft.version.materials.get(source="applicant")
    )

    assert row.content_type == "application/pdf" and len(row.digest) == 64
    assert row.file.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "bad",
    [
        upload("virus.pdf", b"MZ\x90\x00 not a pdf"),
        upload("empty.pdf", b""),
        upload("fake.ofd", b"%PDX"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(draft, li_wei, bad):
    with pytest.raises(ValidationError):
        do_add_material(draft, upload=bad, actor=li_wei)

    assert not CaseMaterial.objects.exists()


def test_a_file_over_the_limit_is_refused(draft, li_wei, settings):
    settings.YIWANG_UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError):
        do_add_material(draft, upload=upload(content=b"%PDF-" + b"0" * (1024 * 1024)), actor=li_wei)


def test_a_fetched_material_is_not_uploaded(draft, li_wei):
    with pytest.raises(ValidationError):
        do_add_material(
            draft, upload=upload(), actor=li_wei, material=draft.version.materials.get(source="certificate")
        )


def test_a_file_can_be_removed_from_a_draft(draft, li_wei):
    row = do_add_material(draft, upload=upload(), actor=li_wei)

    do_remove_material(row, actor=li_wei)

    assert not draft.materials.exists()
