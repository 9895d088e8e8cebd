"""Participants' dialogue statements approved before approval redacted them are redacted now."""

from django.db import migrations


def forwards(apps, schema_editor):
    from uddannelsesby.participation.redaction import redact_published_statements

    redact_published_statements(apps.get_model("participation", "Statement"))


class Migration(migrations.Migration):
    dependencies = [("participation", "0003_merge_0002_class_code_size_0002_hearing_publication")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
