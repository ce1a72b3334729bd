from django.urls import path

from yingshang.appeals import open311

app_name = "open311"

urlpatterns = [
    path("services.json", open311.services_json, name="services"),
    path("requests.json", open311.requests_json, name="requests"),
    path("requests/<str:code>.json", open311.request_json, name="request"),
]
