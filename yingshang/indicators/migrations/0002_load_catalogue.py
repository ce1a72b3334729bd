"""Load the 18 first-level indicators and their second-level indicators; the office edits them afterwards."""

from django.db import migrations

from yingshang.indicators.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(apps.get_model("indicators", "Indicator"))


def unload(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(parent__isnull=False, observations__isnull=True).delete()
    Indicator.objects.filter(parent__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
