"""Completed reviews keep a snapshot; closed years' snapshots gain what the pages need.

Existing closed years get the keys added to the snapshot since (focus areas, budget account,
start and end), read from their activities, which the services never let change once the year is
closed. Existing completed reviews are frozen as they read today: their verdicts could not change
after completion, and the figures per plan year are taken as they stand (from a closed year's
snapshot where there is one).
"""


from django.db import migrations, models

CANCELLED = "cancelled"


def _iso(value):
    return value.isoformat() if value else None


def complete_plan_snapshots(apps, schema_editor):
    ActionPlan = apps.get_model("plans", "ActionPlan")
    Activity = apps.get_model("plans", "Activity")
    for plan in ActionPlan.objects.filter(status="closed", snapshot__isnull=False):
        activities = {
            a.pk: a for a in Activity.objects.filter(plan=plan).prefetch_related("commitments")
        }
        changed = False
        for state in plan.snapshot:
            activity = activities.get(state["id"])
            if activity is None or "focus_areas" in state:
                continue
            state["focus_areas"] = sorted({c.focus_area_id for c in activity.commitments.all()})
            state["budget_account"] = activity.budget_account
            state["starts_on"] = _iso(activity.starts_on)
            state["ends_on"] = _iso(activity.ends_on)
            changed = True
        if changed:
            ActionPlan.objects.filter(pk=plan.pk).update(snapshot=plan.snapshot)


def _rollup(states):
    if not states:
        return None
    counted = [s for s in states if s["status"] != CANCELLED]
    weights = sum(s["weight"] for s in counted)
    weighted = sum(s["progress"] * s["weight"] for s in counted)
    return {"progress": weighted / weights if weights else None, "activities": len(states)}


def freeze_completed_reviews(apps, schema_editor):
    MidtermReview = apps.get_model("plans", "MidtermReview")
    ActionPlan = apps.get_model("plans", "ActionPlan")
    Activity = apps.get_model("plans", "Activity")
    FocusArea = apps.get_model("policies", "FocusArea")
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for review in MidtermReview.objects.filter(completed_on__isnull=False, snapshot__isnull=True):
        plans = []
        if PolicyVersion.objects.filter(policy=review.policy_id).exists():
            plans = list(
                ActionPlan.objects.filter(policy=review.policy_id)
                .exclude(status="draft")
                .order_by("year")
            )
        by_year = {}
        for plan in plans:
            if plan.status == "closed" and plan.snapshot is not None:
                states = plan.snapshot
            else:
                states = [
                    {
                        "status": a.status,
                        "progress": a.progress,
                        "weight": a.weight,
                        "commitments": [c.pk for c in a.commitments.all()],
                    }
                    for a in Activity.objects.filter(plan=plan).prefetch_related("commitments")
                ]
            grouped = {}
            for state in states:
                for commitment in state["commitments"]:
                    grouped.setdefault(commitment, []).append(state)
            by_year[plan.year] = grouped
        verdicts = {v.commitment_id: v for v in review.verdicts.all()}
        areas = []
        for area in FocusArea.objects.filter(policy=review.policy_id).order_by("position", "pk"):
            commitments = []
            for c in area.commitments.order_by("position", "pk"):
                verdict = verdicts.get(c.pk)
                commitments.append(
                    {
                        "id": c.pk,
                        "title": c.title,
                        "anchor": f"{area.slug}--{c.slug}",
                        "verdict": verdict.verdict if verdict else None,
                        "reason": verdict.reason if verdict else "",
                        "years": [
                            [plan.year, _rollup(by_year[plan.year].get(c.pk, []))]
                            for plan in plans
                        ],
                    }
                )
            areas.append(
                {"id": area.pk, "title": area.title, "slug": area.slug, "commitments": commitments}
            )
        review.snapshot = {"years": [p.year for p in plans], "areas": areas}
        MidtermReview.objects.filter(pk=review.pk).update(snapshot=review.snapshot)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="midtermreview",
            name="snapshot",
            field=models.JSONField(
                blank=True, editable=False, null=True, verbose_name="snapshot at completion"
            ),
        ),
        migrations.RunPython(complete_plan_snapshots, migrations.RunPython.noop),
        migrations.RunPython(freeze_completed_reviews, migrations.RunPython.noop),
    ]
