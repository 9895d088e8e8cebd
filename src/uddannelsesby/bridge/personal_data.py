"""What the bridge keeps about a student, shown and deleted by the personal-data page ("see or
delete your data", participation): the profile with its CV, the applications with the CV sent
with each, saved searches and, for an account that is nothing but a student's, the account."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError

from uddannelsesby.accounts.models import Role

from .models import SavedSearch, StudentProfile


def _profiles(email: str):
    return StudentProfile.objects.filter(user__email__iexact=email.strip())


def export(email: str) -> list[dict[str, Any]]:
    profiles = _profiles(email).select_related("user", "programme")
    profiles = profiles.prefetch_related("skills", "released_to", "applications__opportunity")
    return [
        {
            "name": profile.user.get_full_name(),
            "email": profile.user.email,
            "programme": str(profile.programme),
            "semester": profile.semester,
            "skills": [skill.name for skill in profile.skills.all()],
            "interests": profile.interests,
            "hours_per_week": profile.hours_per_week,
            "available_from": profile.available_from and profile.available_from.isoformat(),
            "open_to_contact": profile.open_to_contact,
            "cv": bool(profile.cv),
            "profile_shown_to": [str(employer) for employer in profile.released_to.all()],
            "saved_searches": [s.name for s in SavedSearch.objects.filter(user=profile.user)],
            "applications": [
                {
                    "opportunity": application.opportunity.title,
                    "sent": application.created_at.isoformat(),
                    "status": application.status,
                    "message": application.message,
                    "cv": bool(application.cv),
                }
                for application in profile.applications.all()
            ],
        }
        for profile in profiles
    ]


def delete(email: str) -> int:
    """Delete the address's student profiles with everything hanging on them (applications,
    choices and results in allocation rounds), their saved searches, and the account when it
    is only a student's; placements stay in the follow-up's counts without the student. The
    CV files go when the deletion is committed."""
    count = 0
    for profile in _profiles(email).select_related("user"):
        files = [profile.cv, *(a.cv for a in profile.applications.all())]
        user = profile.user
        SavedSearch.objects.filter(user=user).delete()
        profile.delete()
        for file in files:
            if file:
                transaction.on_commit(lambda file=file: file.storage.delete(file.name))
        if user.role == Role.REGISTERED and not user.is_staff and not user.memberships.exists():
            try:
                with transaction.atomic():
                    get_user_model().objects.filter(pk=user.pk).delete()
            except ProtectedError:  # something else still names the account: it stays
                pass
        count += 1
    return count
