"""Logging out on a shared phone: the response asks the browser to forget what the user left on the
device (Cache Storage, localStorage drafts, service workers); core/app.js does the same before it
posts the logout, for browsers that ignore the header."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
