"""Seed retention defaults. The legal retention tables are not in our references: every row
is marked ``inferred`` so the province reviews and corrects it in the admin (effective-dated:
end a row and add the corrected one, dossiers already archived keep what applied to them)."""

from django.db import migrations

BASIS = "[inferred] Đề xuất mặc định của hệ thống, cần đối chiếu quy định về thời hạn bảo quản."

# (field code, years or None for permanent): civil status and land records are kept
# permanently in practice; construction and enterprise records long; the rest the default.
FIELD_DEFAULTS = [
    ("G15-TP07", None),  # Hộ tịch
    ("G13-TN02", None),  # Đất đai
    ("G17-XD11", 20),  # Hoạt động xây dựng
    ("G05-KD07", 20),  # Thành lập và hoạt động của doanh nghiệp
    ("G05-KD10", 20),  # Hộ kinh doanh
    ("G15-TP03", 20),  # Chứng thực
]
PROVINCE_DEFAULT_YEARS = 10


def seed(apps, schema_editor):
    Rule = apps.get_model("archive", "RetentionRule")
    if Rule.objects.exists():
        return
    Rule.objects.create(years=PROVINCE_DEFAULT_YEARS, basis=BASIS, inferred=True)
    for code, years in FIELD_DEFAULTS:
        Rule.objects.create(
            field_code=code, years=years, permanent=years is None, basis=BASIS, inferred=True
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
