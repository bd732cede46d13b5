from django.db import migrations


def seed(apps, schema_editor):
    from motcua.reports.scheme_data import SCHEMES

    Scheme = apps.get_model("reports", "ScoringScheme")
    for row in SCHEMES:
        Scheme.objects.get_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
