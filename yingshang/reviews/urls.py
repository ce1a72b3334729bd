from django.urls import path

from yingshang.reviews import public, views

app_name = "reviews"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/action/", views.case_action, name="case_action"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("points/", views.point_list, name="point_list"),
    path("points/<int:pk>/qr.png", views.point_qr_png, name="point_qr_png"),
    path("points/<int:pk>/card.pdf", views.point_card_pdf, name="point_card_pdf"),
    path("points/<int:pk>/token/", views.token_issue, name="token_issue"),
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/import/", views.matter_import, name="matter_import"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("flags/", views.flags, name="flags"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_export, name="stats_export"),
    # Without login: the QR page, the kiosk, the online request, the rater's receipt, the public figures.
    path("r/<str:key>/", public.rate, name="rate"),
    path("m/<str:code>/", public.rate_matter, name="rate_matter"),
    path("kiosk/<str:key>/", public.kiosk, name="kiosk"),
    path("receipt/<str:code>/", public.receipt, name="receipt"),
    path("public/", public.public_stats, name="public_stats"),
]
