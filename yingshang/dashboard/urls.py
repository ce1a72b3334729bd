from django.urls import path

from yingshang.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("cards/", views.cards, name="cards"),
    path("drill/", views.drill, name="drill"),
]
