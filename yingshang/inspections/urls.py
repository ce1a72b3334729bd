from django.urls import path

from yingshang.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/action/", views.plan_action, name="plan_action"),
    path("targets/<int:pk>/", views.target_result, name="target_result"),
    path("targets/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("rectifications/<int:pk>/close/", views.rectification_close, name="rectification_close"),
    path("figures/", views.figures, name="figures"),
    path("lists/", views.lists, name="lists"),
    path("lists/import/", views.lists_import, name="lists_import"),
    path("public/", views.public_plans, name="public_plans"),
    path("public/<int:pk>/", views.public_plan, name="public_plan"),
    path("public/<int:pk>/draw.json", views.draw_file, name="draw_file"),
    path("public/<int:pk>/verify/", views.verify, name="verify"),
]
