from django.db import migrations, models


def number_responses(apps, schema_editor):
    """Number the responses of each hearing 1, 2, 3... in the order they were received."""
    Response = apps.get_model("participation", "Response")
    counters: dict[int, int] = {}
    changed = []
    for response in Response.objects.order_by("hearing_id", "created_at", "pk").only(
        "pk", "hearing_id"
    ):
        counters[response.hearing_id] = counters.get(response.hearing_id, 0) + 1
        response.number = counters[response.hearing_id]
        changed.append(response)
    Response.objects.bulk_update(changed, ["number"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("participation", "0005_hearing_closed_early_on_hearing_closed_reason")]

    operations = [
        migrations.AddField(
            model_name="response",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.RunPython(number_responses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="response",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="number"),
        ),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.UniqueConstraint(
                fields=("hearing", "number"), name="response_number_unique"
            ),
        ),
    ]
