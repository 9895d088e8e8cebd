"""Attachments stored before under the uploader's file name get a random name (core.uploads).

The file is copied to its new name and the old one removed; a row whose file is missing is left
as it is. Reversing keeps the new names (they are served the same way)."""

import uuid

from django.db import migrations

EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def rename_attachments(apps, schema_editor):
    ActivityUpdate = apps.get_model("plans", "ActivityUpdate")
    storage = ActivityUpdate._meta.get_field("attachment").storage
    old_named = ActivityUpdate.objects.exclude(attachment="").exclude(
        attachment__startswith="plans/attachments/"
    )
    for update in old_named.iterator():
        old = update.attachment.name
        if not storage.exists(old):
            continue
        extension = EXTENSIONS.get(update.attachment_type, "")
        with storage.open(old, "rb") as file:
            new = storage.save(f"plans/attachments/{uuid.uuid4().hex}{extension}", file)
        ActivityUpdate.objects.filter(pk=update.pk).update(attachment=new)
        storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(rename_attachments, migrations.RunPython.noop)]
