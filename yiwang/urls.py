from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from yiwang.api import api
from yiwang.datahub import certificate_urls
from yiwang.ledger.api import api as ledger_api
from yiwang.ledger.views import public_key as ledger_public_key
from yiwang.portal.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("yiwang.accounts.urls")),
    path("services/", include("yiwang.services.urls")),
    path("cases/", include("yiwang.cases.urls")),
    path("staff/cases/", include("yiwang.cases.staff_urls")),
    path("bundles/", include("yiwang.bundles.urls")),
    path("staff/bundles/", include("yiwang.bundles.staff_urls")),
    path("hotline/", include("yiwang.hotline.urls")),
    path("staff/hotline/", include("yiwang.hotline.staff_urls")),
    path("feedback/", include("yiwang.feedback.urls")),
    path("staff/feedback/", include("yiwang.feedback.staff_urls")),
    path("staff/insight/", include("yiwang.insight.urls")),
    path("open311/v2/", include("yiwang.hotline.open311_urls")),
    path("staff/data/", include("yiwang.datahub.steward_urls")),
    path("data/catalogue/", include("yiwang.datahub.catalogue_urls")),
    path("govstack/registration/", include("yiwang.cases.govstack_urls")),
    path("certificates/", include(certificate_urls.public)),
    path("me/certificates/", include(certificate_urls.wallet)),
    path("staff/certificates/", include(certificate_urls.staff)),
    path("gateway/v1/", include("yiwang.datahub.gateway_urls")),
    path("govstack/registries/", include("yiwang.datahub.govstack_registries_urls")),
    path("govstack/im/", include("yiwang.datahub.govstack_im_urls")),
    path("staff/data/sharing/", include("yiwang.datahub.sharing_urls")),
    path("me/benefits/", include("yiwang.benefits.urls")),
    path("staff/benefits/", include("yiwang.benefits.staff_urls")),
    path("me/data-uses/", include("yiwang.ledger.urls")),
    path("ledger/v1/", ledger_api.urls),
    path(".well-known/yiwang-ledger-key", ledger_public_key, name="ledger_public_key"),
    path("opendata/", include("yiwang.opendata.urls")),
    path("staff/opendata/", include("yiwang.opendata.staff_urls")),
    path("", include("yiwang.opendata.api_urls")),
    path("", include("yiwang.portal.urls")),
]

handler400 = "yiwang.portal.errors.bad_request"
handler403 = "yiwang.portal.errors.forbidden"
handler404 = "yiwang.portal.errors.not_found"
handler500 = "yiwang.portal.errors.server_error"
