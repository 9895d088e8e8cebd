"""Panels that other apps add beside a policy's focus areas and commitments.

The policy pages must not import the apps that hang on a policy (plans, indicators, hearings).
Instead those apps register a provider here in their AppConfig.ready(); the policy page asks
for all panels once per request and shows each beside the part it belongs to.

A provider takes the policy and returns {anchor: html}, where anchor is a focus area's slug or
"<focus area slug>--<commitment slug>", or "" for the policy as a whole (shown above its
content). It should cost a constant number of queries.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString

Provider = Callable[..., dict[str, SafeString]]
_providers: list[Provider] = []


def register_policy_panel(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def policy_panels(policy) -> dict[str, list[SafeString]]:
    panels: dict[str, list[SafeString]] = defaultdict(list)
    for provider in _providers:
        for anchor, html in provider(policy).items():
            panels[anchor].append(html)
    return dict(panels)


# --- what stops a policy from being adopted ---
#
# Adopting a policy must not leave other apps' processes running on the superseded draft (an
# open hearing would keep taking responses). The policies app cannot ask participation itself,
# so apps register a check here; `policy_adopt` refuses while any check reports a blocker, and
# the adopt page offers each blocker's `resolve` (e.g. "close the hearing now").


@dataclass(frozen=True)
class AdoptionBlocker:
    message: str  # why the policy cannot be adopted yet, for the editor
    resolve_label: str  # what resolving does, e.g. "Close the hearing today"
    resolve: Callable[..., None]  # called as resolve(actor=...) inside the adopt transaction


AdoptionCheck = Callable[..., list[AdoptionBlocker]]
_adoption_checks: list[AdoptionCheck] = []


def register_adoption_check(check: AdoptionCheck) -> AdoptionCheck:
    if check not in _adoption_checks:
        _adoption_checks.append(check)
    return check


def adoption_blockers(policy) -> list[AdoptionBlocker]:
    return [blocker for check in _adoption_checks for blocker in check(policy)]


# --- personal data kept by other apps ---
#
# The personal-data page (participation: "see or delete your data", reached by a signed link
# sent to the address) must show and delete everything kept about an e-mail address. Apps that
# keep addresses it cannot import (follow) register here what they keep.


@dataclass(frozen=True)
class PersonalDataKeeper:
    name: str  # the key in the exported JSON: "subscriptions"
    export: Callable[[str], list[dict]]  # export(email) -> plain JSON records
    delete: Callable[[str], int]  # delete(email) -> how many records were deleted


_keepers: dict[str, PersonalDataKeeper] = {}


def register_personal_data(keeper: PersonalDataKeeper) -> PersonalDataKeeper:
    _keepers[keeper.name] = keeper
    return keeper


def personal_data_keepers() -> list[PersonalDataKeeper]:
    return list(_keepers.values())


# --- following ---
#
# The pages of policies, plans, indicators and hearings offer to follow what they show, and
# point to its feeds, without importing the follow app: the follow app registers the two
# renderers here, and the core template tags {% follow_box obj %} and {% follow_feeds obj %}
# call them (they render nothing when no app registered one).

FollowRenderer = Callable[..., SafeString]
_follow: dict[str, FollowRenderer] = {}


def register_follow(*, box: FollowRenderer, feeds: FollowRenderer) -> None:
    _follow["box"], _follow["feeds"] = box, feeds


def follow_renderer(name: str) -> FollowRenderer | None:
    return _follow.get(name)
