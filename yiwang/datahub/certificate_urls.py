"""URLs of electronic certificates: the public verification page, the holder's wallet, staff pages."""

from django.urls import path

from yiwang.datahub import certificate_views as views

public = (
    [
        path("verify/", views.verify_form, name="verify_form"),
        path("verify/<str:identifier>/", views.verify, name="verify"),
    ],
    "certificates",
)

wallet = (
    [
        path("", views.wallet, name="list"),
        path("<str:code>/", views.wallet_detail, name="detail"),
        path("<str:code>/certificate.pdf", views.wallet_pdf, name="pdf"),
        path("<str:code>/signed.json", views.wallet_signed, name="signed"),
    ],
    "wallet",
)

staff = (
    [
        path("", views.staff_list, name="list"),
        path("import/", views.staff_import, name="import"),
        path("reduction/", views.reduction, name="reduction"),
        path("cases/<str:code>/materials/<str:material_id>/", views.fetched_data, name="fetched"),
        path("<str:code>/", views.staff_detail, name="detail"),
        path("<str:code>/revoke/", views.staff_revoke, name="revoke"),
    ],
    "staff_certificates",
)
