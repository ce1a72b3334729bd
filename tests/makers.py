"""`make_*` helpers and the cast dataclass shared by the Django tests (see tests/conftest.py)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.test import Client

from yingshang.core import services
from yingshang.core.creditcode import make_credit_code
from yingshang.core.models import Enterprise, Region, Unit, User

PASSWORD = "test-pass-2026"
_seq = itertools.count(1000)


def make_region(name: str, *, level: str = Region.Level.COUNTY, parent: Region | None = None) -> Region:
    return services.create_region(actor=None, name=name, level=level, parent=parent)


def make_unit(name: str, region: Region, **kw: object) -> Unit:
    return services.create_unit(actor=None, name=name, region=region, **kw)  # type: ignore[arg-type]


def make_enterprise(region: Region, name: str | None = None, **kw: object) -> Enterprise:
    seq = next(_seq)
    return services.create_enterprise(
        actor=None,
        name=name or f"测试企业{seq}有限公司",
        credit_code=make_credit_code(seq),
        region=region,
        contact_phone="13900001234",
        **kw,  # type: ignore[arg-type]
    )


def make_user(username: str, role: str, **kw: object) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        email=f"{username}@example.org",
        display_name=username,
        **kw,
    )


@dataclass
class Cast:
    city: Region
    county: Region
    other_county: Region
    lead_unit: Unit
    coop_unit: Unit
    other_unit: Unit
    enterprise: Enterprise
    other_enterprise: Enterprise
    office: User
    lead: User
    lead_boss: User
    coop: User
    outsider: User
    enterprise_user: User
    leader: User
    supervisor: User

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(getattr(self, who))
        return client


def build_cast() -> Cast:
    Role = User.Role
    city = make_region("示范市", level=Region.Level.CITY)
    county = make_region("奈曼旗", parent=city)
    other = make_region("东河区", parent=city)
    lead_unit = make_unit("市场监督管理局", county, short_name="市场监管局")
    coop_unit = make_unit("发展和改革委员会", county, short_name="发改委")
    other_unit = make_unit("市场监督管理局", other)
    enterprise = make_enterprise(county, name="奈曼旗恒达农牧业科技有限公司")
    other_enterprise = make_enterprise(other, name="东河区鑫源物流有限公司")
    return Cast(
        city=city,
        county=county,
        other_county=other,
        lead_unit=lead_unit,
        coop_unit=coop_unit,
        other_unit=other_unit,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        office=make_user("office", Role.OFFICE_ADMIN, region=city),
        lead=make_user("lead", Role.UNIT_STAFF, unit=lead_unit, region=county),
        lead_boss=make_user("lead_boss", Role.UNIT_LEADER, unit=lead_unit, region=county),
        coop=make_user("coop", Role.UNIT_STAFF, unit=coop_unit, region=county),
        outsider=make_user("outsider", Role.UNIT_STAFF, unit=other_unit, region=other),
        enterprise_user=make_user("ent", Role.ENTERPRISE, enterprise=enterprise, region=county),
        leader=make_user("leader", Role.LEADER, region=city),
        supervisor=make_user("supervisor", Role.SUPERVISOR, region=city),
    )
