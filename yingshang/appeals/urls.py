from django.urls import path

from yingshang.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_file, name="file"),
    path("dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("history/", views.caller_history, name="caller_history"),
    path("public/", views.public_file, name="public_file"),
    path("track/", views.track, name="track"),
    path("stats/", views.stats, name="stats"),
    path("services/", views.service_list, name="services"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.appeal_act, name="act"),
]
