"""Logging out asks the browser to forget what the user left on a (possibly shared) device."""

from __future__ import annotations

from typing import Any


def test_logout_response_clears_cache_and_storage(cast: Any) -> None:
    response = cast.client("supervisor").post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_pages_carry_the_user_for_per_user_drafts(cast: Any) -> None:
    page = cast.client("supervisor").get("/outreach/findings/new/").content.decode()
    assert f'data-user="{cast.supervisor.pk}"' in page and "data-logout" in page
