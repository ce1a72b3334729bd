from django.urls import path

from yingshang.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("<int:pk>/action/", views.scheme_action, name="scheme_action"),
    path("scores/<int:pk>/", views.score_detail, name="score_detail"),
    path("mine/", views.my_scores, name="my_scores"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.follow_up_action, name="follow_up_action"),
    path("public/", views.public_lists, name="public_lists"),
    path("public/<int:pk>/", views.public_list, name="public_list"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/docx/", views.bulletin_download, name="bulletin_download"),
    path("bulletins/<int:pk>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
]
