from tests.appeals.conftest import _clean_cache_and_media, filed, service  # noqa: F401
