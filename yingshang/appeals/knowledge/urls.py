"""Included by appeals.urls under knowledge/ (names in the appeals namespace)."""

from django.urls import path

from yingshang.appeals.knowledge import views

urlpatterns = [
    path("", views.knowledge_list, name="knowledge_list"),
    path("new/", views.knowledge_new, name="knowledge_new"),
    path("match/", views.knowledge_match, name="knowledge_match"),
    path("<int:pk>/", views.knowledge_detail, name="knowledge_detail"),
    path("<int:pk>/edit/", views.knowledge_edit, name="knowledge_edit"),
    path("<int:pk>/pick/", views.knowledge_pick, name="knowledge_pick"),
    path("<int:pk>/act/<slug:action>/", views.knowledge_act, name="knowledge_act"),
]
