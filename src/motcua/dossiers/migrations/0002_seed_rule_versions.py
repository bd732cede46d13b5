from django.db import migrations


def seed(apps, schema_editor):
    from motcua.dossiers.rule_data import seed as seed_versions

    seed_versions(apps.get_model("dossiers", "RuleVersion"))


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
