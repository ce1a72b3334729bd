"""Finding the caller: one query over the tracking code, credit code, company, text and — for whoever may
see complainants' contacts — the contact's name and phone.

Chinese has no word boundaries, so words are matched as substrings. On PostgreSQL the substring
lookups are served by GIN trigram indexes (migration 0005, ``pg_trgm``) on the same ``UPPER(col::text)``
expression Django's ``icontains`` emits; SQLite scans, which is fine for a small office.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Replace

from yingshang.appeals.models import Appeal
from yingshang.core import pagination
from yingshang.core.pagination import capped_count

MAX_QUERY = 100
# Fewer digits than this are not looked for in phone numbers: "12" would match half the list.
MIN_PHONE_DIGITS = 4
_CODE = re.compile(r"^[0-9A-Z]{6,18}$")
PHONE_DIGITS = "phone_digits"


def phone_digits() -> Replace:
    """The stored phone without the separators people type ("138-0475 0001"); migration 0005 indexes
    this very expression on PostgreSQL."""
    return Replace(Replace(F("contact_phone"), Value("-"), Value("")), Value(" "), Value(""))


def _with_digits(qs: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return qs.alias(**{PHONE_DIGITS: phone_digits()})


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def search_q(raw: str, *, personal: bool) -> Q | None:
    """The condition a search box's ``raw`` text puts on appeals, or None for an empty box.

    ``personal`` adds the complainant's name and phone: only for readers who see them in full
    (the office), so nobody else can learn whose phone filed which appeal by searching for it.
    """
    q = (raw or "").strip()[:MAX_QUERY]
    if not q:
        return None
    # enterprise_name holds the linked enterprise's name too (services.file_appeal): no join needed.
    cond = Q(title__icontains=q) | Q(description__icontains=q) | Q(enterprise_name__icontains=q)
    upper = q.upper().replace(" ", "")
    if _CODE.match(upper):
        cond |= Q(tracking_code=upper) | Q(credit_code=upper)
    if personal:
        cond |= Q(contact_name__icontains=q)
        digits = _digits(q)
        if len(digits) >= MIN_PHONE_DIGITS and len(digits) >= len(q.replace(" ", "").replace("-", "")) - 1:
            cond |= Q(**{f"{PHONE_DIGITS}__contains": digits})
    return cond


def search_appeals(qs: QuerySet[Appeal], raw: str, *, personal: bool) -> QuerySet[Appeal]:
    cond = search_q(raw, personal=personal)
    return qs if cond is None else _with_digits(qs).filter(cond)


def newest_first(qs: QuerySet[Appeal], *, searching: bool, many: bool | None = None) -> QuerySet[Appeal]:
    """The lists' order, newest first. A search matching few rows (under the list's count cap) is
    ordered by an expression no index serves: otherwise PostgreSQL, expecting many matches, walks the
    created_at index backwards for a page and reads the whole table to find one match (1 s on 200,000
    rows), where the trigram bitmap takes milliseconds. A search matching many rows keeps the index
    order, which finds a page of them quickly. One extra (capped) count while searching, unless the
    caller counted already and passes ``many`` (more rows than the count cap)."""
    if searching and not (capped_count(qs)[1] if many is None else many):
        return qs.order_by(Coalesce("created_at", "created_at").desc(), "-id")
    return qs.order_by("-created_at", "-id")


def matched_keys(qs: QuerySet[Appeal], cap: int | None = None) -> list[tuple[datetime, int, str]] | None:
    """The (created_at, id, status) of every row of a search, newest first — when there are at most ``cap``;
    None when there are more. One pass over the trigram indexes then gives both the count and the page
    (the rows are fetched by id): at ten million appeals each pass over a company name's common
    trigrams ("有限公司") costs about 0.35 s, and counting then paging paid it twice."""
    cap = pagination.COUNT_CAP if cap is None else cap
    keys = list(qs.order_by().values_list("created_at", "pk", "status")[: cap + 1])
    if len(keys) > cap:
        return None
    keys.sort(reverse=True)
    return keys


def caller_history(
    qs: QuerySet[Appeal],
    *,
    phone: str = "",
    enterprise_name: str = "",
    credit_code: str = "",
    limit: int = 10,
) -> list[Appeal]:
    """Earlier appeals of the caller being entered: the same phone (its last digits, whatever the
    separators), the same company name or the same credit code. Empty until one is specific enough."""
    cond = Q()
    digits = _digits(phone)[-11:]
    if len(digits) >= 7:
        cond |= Q(**{f"{PHONE_DIGITS}__contains": digits})
    name = enterprise_name.strip()[:MAX_QUERY]
    if len(name) >= 2:
        cond |= Q(enterprise_name__icontains=name)
    code = credit_code.strip().upper()
    if len(code) == 18:
        cond |= Q(credit_code=code)
    if not cond:
        return []
    return list(
        _with_digits(qs).filter(cond).select_related("service").order_by("-created_at", "-id")[:limit]
    )
