from django.urls import include, path

from yingshang.appeals import views
from yingshang.appeals.notices.views import notice_list

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_file, name="file"),
    path("dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("history/", views.caller_history, name="caller_history"),
    path("public/", views.public_file, name="public_file"),
    path("track/", views.track, name="track"),
    path("track/files/<int:pk>/", views.track_attachment, name="track_attachment"),
    path("stats/", views.stats, name="stats"),
    path("stats/suggestions/", views.suggestion_accuracy, name="suggestion_accuracy"),
    path("services/", views.service_list, name="services"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("knowledge/", include("yingshang.appeals.knowledge.urls")),
    path("notices/", notice_list, name="notices"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.appeal_act, name="act"),
]
