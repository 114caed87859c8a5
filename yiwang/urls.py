from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from yiwang.api import api
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
    path("hotline/", include("yiwang.hotline.urls")),
    path("staff/hotline/", include("yiwang.hotline.staff_urls")),
    path("open311/v2/", include("yiwang.hotline.open311_urls")),
    path("govstack/registration/", include("yiwang.cases.govstack_urls")),
    path("opendata/", include("yiwang.opendata.urls")),
    path("staff/opendata/", include("yiwang.opendata.staff_urls")),
    path("", include("yiwang.opendata.api_urls")),
    path("", include("yiwang.portal.urls")),
]

handler400 = "yiwang.portal.errors.bad_request"
handler403 = "yiwang.portal.errors.forbidden"
handler404 = "yiwang.portal.errors.not_found"
handler500 = "yiwang.portal.errors.server_error"
