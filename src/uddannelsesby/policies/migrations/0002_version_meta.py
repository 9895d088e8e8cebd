"""Versions freeze the owner, plan references and SDG targets with the content.

Until now the public page showed these from the working copy, so an edit appeared before it
was adopted. Versions made before this change get the values as they stand now (the best that
is known); every new version keeps its own.
"""

from django.db import migrations


def add_meta(apps, schema_editor):
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for version in PolicyVersion.objects.select_related("policy__owner"):
        if "meta" in version.content:
            continue
        policy = version.policy
        content = dict(version.content)
        content["meta"] = {
            "owner": policy.owner.name if policy.owner else "",
            "municipal_plan_ref": policy.municipal_plan_ref,
            "agenda21_ref": policy.agenda21_ref,
            "sdg_targets": list(policy.sdg_targets or []),
        }
        # A version is never saved twice through the model; the migration writes the row.
        PolicyVersion.objects.filter(pk=version.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(add_meta, migrations.RunPython.noop)]
