from django.urls import path

from yingshang.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("observations/", views.observation_list, name="observation_list"),
    path("observations/new/", views.observation_create, name="observation_create"),
    path("observations/import/", views.observation_import, name="observation_import"),
    path("warnings/", views.warning_list, name="warning_list"),
    path("warnings/<int:pk>/", views.warning_detail, name="warning_detail"),
    path("warnings/<int:pk>/action/", views.warning_action, name="warning_action"),
]
