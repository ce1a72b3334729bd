from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from yingshang.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("ledger/", include("yingshang.ledger.urls")),
    path("appeals/", include("yingshang.appeals.urls")),
    path("open311/v2/", include("yingshang.appeals.open311_urls")),
    path("indicators/", include("yingshang.indicators.urls")),
    path("dashboard/", include("yingshang.dashboard.urls")),
    path("assessment/", include("yingshang.assessment.urls")),
    path("outreach/", include("yingshang.outreach.urls")),
    path("reviews/", include("yingshang.reviews.urls")),
    path("policies/", include("yingshang.policies.urls")),
    path("arrears/", include("yingshang.arrears.urls")),
    path("inspections/", include("yingshang.inspections.urls")),
    path("", include("yingshang.core.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "yingshang.core.errorviews.bad_request"
handler403 = "yingshang.core.errorviews.forbidden"
handler404 = "yingshang.core.errorviews.not_found"
handler500 = "yingshang.core.errorviews.server_error"
