"""Seed the service catalogue the office starts from; it edits names and limits afterwards."""

from django.db import migrations


def seed(apps, schema_editor):
    from yingshang.appeals.catalogue import seed_services

    seed_services(apps.get_model("appeals", "Service"))


def unseed(apps, schema_editor):
    from yingshang.appeals.catalogue import SERVICES

    apps.get_model("appeals", "Service").objects.filter(code__in=[s[0] for s in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
