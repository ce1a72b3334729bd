"""Load the 18 first-level indicators and their second-level indicators; the office edits them afterwards."""

from django.db import migrations

from yingshang.indicators.catalogue import FIRST_LEVEL


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    order = 0
    for code, name, _lead, children in FIRST_LEVEL:
        order += 1
        parent, _ = Indicator.objects.get_or_create(code=code, defaults={"name": name, "order": order * 100})
        for suffix, child, uom, direction, metric, keywords in children:
            Indicator.objects.get_or_create(
                code=f"{code}.{suffix}",
                defaults={
                    "name": child,
                    "parent": parent,
                    "unit_of_measure": uom,
                    "direction": direction,
                    "metric": metric,
                    "keywords": keywords,
                    "order": order * 100 + int(suffix),
                },
            )


def unload(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(parent__isnull=False, observations__isnull=True).delete()
    Indicator.objects.filter(parent__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
