"""Small groups stay hidden, also by subtraction (issue 19, section 2).

The tests read the result pages as an observer would: every split each page offers, every group
it shows. Then they subtract: every shown group minus every combination of shown groups inside
it. No difference may hold 1 to 4 people.
"""

import itertools
import random
import re

import numpy as np
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from uddannelsesby.participation import services, suppression
from uddannelsesby.participation.models import Participant, Submission
from uddannelsesby.participation.selectors import MIN_VOTES, dialogue_result, vote_matrix

MIN = suppression.MIN_GROUP

# Every page or export that publishes survey or dialogue results. A new one must be added here
# (and to the walk below), or this test fails.
RESULT_VIEWS = {"participation:survey_results", "participation:dialogue_results"}
# Exports of other things: the published hearing responses (no groups; see test_hearings).
OTHER_EXPORTS = {"participation:responses_csv", "participation:responses_json"}


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern, space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def test_every_result_page_and_export_is_walked():
    found = set()
    for name, pattern in _names(get_resolver()):
        module = getattr(pattern.callback, "__module__", "")
        words = ("result", "export", "csv", "json", "chart", "opinion", "split")
        ours = "participation" in module or name.startswith("participation:")
        if ours and any(word in name.lower() for word in words):
            found.add(name)
    assert found - OTHER_EXPORTS == RESULT_VIEWS


# --- the algorithm, on random trees ---


def _random_tree(rng: random.Random) -> suppression.Node:
    members = {}
    for school in range(rng.randint(1, 4)):
        for klass in range(rng.randint(1, 4)):
            members[f"S{school}", f"K{klass}"] = rng.choice([1, 2, 3, 4, 5, 5, 6, 7, 9, 12, 20])
    return suppression.group_tree(members, rng.choice([0, 0, 1, 2, 3, 5, 8]))


def _leaks(sets: dict[str, frozenset]) -> list[tuple[str, tuple[str, ...], int]]:
    """Every shown set minus every combination of disjoint shown sets inside it."""
    leaks = []
    for name, whole in sets.items():
        if 0 < len(whole) < MIN:
            leaks.append((name, (), len(whole)))
        inside = [n for n, s in sets.items() if n != name and s and s <= whole]
        for r in range(1, len(inside) + 1):
            for parts in itertools.combinations(inside, r):
                union = frozenset().union(*(sets[p] for p in parts))
                if len(union) != sum(len(sets[p]) for p in parts):
                    continue  # overlapping parts: not a subtraction anyone can do
                left = len(whole) - len(union)
                if 0 < left < MIN:
                    leaks.append((name, parts, left))
    return leaks


def _tree_sets(root: suppression.Node) -> dict[str, frozenset]:
    """Members as ids: each leaf's members, other members of the root apart."""
    sets: dict[str, frozenset] = {}
    counter = itertools.count()

    def fill(node):
        own = frozenset(
            next(counter) for _ in range(node.size - sum(c.size for c in node.children))
        )
        for child in node.children:
            own |= fill(child)
        if node.visible:
            sets[node.key or "everyone"] = own
        return own

    fill(root)
    return sets


def test_no_random_tree_leaks_by_subtraction():
    rng = random.Random(19)
    for _n in range(300):
        tree = _random_tree(rng)
        assert suppression.check(tree) == []
        assert _leaks(_tree_sets(tree)) == []


def test_primary_suppression_alone_would_leak():
    """The test can fail: without secondary suppression the issue's case leaks."""
    tree = suppression.group_tree({("Skolen", "9.a"): 5, ("Skolen", "9.b"): 2}, 0)
    assert not tree.visible or not tree.children[0].children[0].visible
    for node in tree.walk():
        node.visible = node.size >= MIN
    assert _leaks(_tree_sets(tree))


# --- the pages, as an observer reads them ---

SCENARIO = {  # (school, class): pupils who answer; "Skolen" is the 7 = 5 + 2
    ("Skolen", "9a"): 5,
    ("Skolen", "9b"): 2,
    ("Lindholm", "1x"): 6,
    ("Lindholm", "1y"): 6,
    ("Lindholm", "1z"): 1,
    ("Vestre", "3c"): 3,
    ("Tech", "h1"): 8,
}
WITHOUT_CODE = 2


def _classes():
    groups = {}
    for (school, name), count in SCENARIO.items():
        groups[school, name] = services.class_group_create(
            actor=None, school=school, name=name, codes=count
        )
    return groups


def _offered(page: str, base: str) -> set[str]:
    """The splits a page links to, as an observer finds them."""
    return {"", *re.findall(r'href="\?opdel=(\w+)', page)} | ({""} if 'href="?"' in page else set())


def _known_sets(unit_class: dict[int, tuple[str, str] | None]) -> dict[str, frozenset]:
    sets: dict[str, set] = {"everyone": set(unit_class)}
    for unit, where in unit_class.items():
        if where:
            sets.setdefault(where[0], set()).add(unit)
            sets.setdefault(f"{where[0]}, {where[1]}", set()).add(unit)
    return {k: frozenset(v) for k, v in sets.items()}


@pytest.mark.django_db
def test_survey_pages_reveal_no_small_group(client):
    survey = services.survey_create(actor=None, title="Transport")
    services.question_add(actor=None, survey=survey, kind="scale", text="Bussen", choices=[])
    services.survey_set_status(actor=None, survey=survey, status="open")
    question = survey.questions.get()
    for (school, name), group in _classes().items():
        for code in group.codes.all():
            bus = 1 if (school, name) == ("Skolen", "9b") else 4
            services.survey_submit(survey=survey, answers={question.pk: bus}, code=code)
    for _n in range(WITHOUT_CODE):
        services.survey_submit(survey=survey, answers={question.pk: 3})
    units = {
        pk: (school, name) if school else None
        for pk, school, name in Submission.objects.values_list(
            "pk", "code__class_group__school", "code__class_group__name"
        )
    }
    known = _known_sets(units)
    url = f"/deltag/undersoegelser/{survey.pk}/resultater/"
    first = client.get(url).content.decode()
    shown: dict[str, frozenset] = {}
    for split in _offered(first, url):
        page = client.get(f"{url}?opdel={split}" if split else url).content.decode()
        if not split and 'id="all-q1"' in page:
            shown["everyone"] = known["everyone"]
        for label in re.findall(r'<h2 id="group-\d+">([^<]+?) <span', page):
            assert label in known
            shown[label] = known[label]
    assert _offered(first, url) == {"", "school", "class"}
    assert "everyone" in shown  # 33 answers: the overall results are shown
    assert "Skolen, 9b" not in shown
    assert {"Skolen", "Lindholm, 1y", "Tech, h1"} <= set(shown)  # not everything is hidden
    assert _leaks(shown) == []


@pytest.mark.django_db
def test_dialogue_pages_reveal_no_small_group(client):
    dialogue = services.dialogue_create(actor=None, title="Byen", question="?", status="open")
    statements = [
        services.statement_add(actor=None, dialogue=dialogue, text=f"Udsagn {n}") for n in range(6)
    ]
    rng = np.random.default_rng(19)
    codes = [code for group in _classes().values() for code in group.codes.all()]
    people = [services.participant_join(dialogue=dialogue, code=code) for code in codes]
    people += [services.participant_join(dialogue=dialogue) for _ in range(WITHOUT_CODE)]
    for n, person in enumerate(people):
        side = 1 if n % 2 else -1
        votes = 2 if n % 7 == 0 else 6  # some vote too little to shape the groups
        for i, statement in enumerate(statements[:votes]):
            value = side if i < 3 else int(rng.choice([-1, 0, 1]))
            services.vote_cast(participant=person, statement=statement, value=value)
    units = {
        pk: (school, name) if school else None
        for pk, school, name in Participant.objects.values_list(
            "pk", "code__class_group__school", "code__class_group__name"
        )
    }
    known = _known_sets(units)
    url = f"/deltag/dialog/{dialogue.pk}/resultater/"
    first = client.get(url).content.decode()
    shown: dict[str, frozenset] = {}
    for split in _offered(first, url):
        page = client.get(f"{url}?opdel={split}" if split else url).content.decode()
        if 'id="all-caption"' in page:
            shown["everyone"] = known["everyone"]
        header = re.search(r'<caption id="split-caption">.*?</thead>', page, re.S)
        for label in re.findall(r'<th scope="col" class="align-text-right">([^<]+)</th>',
                                header.group(0) if header else ""):  # fmt: skip
            assert label in known
            shown[label] = known[label]
    assert _offered(first, url) == {"", "school", "class"}
    assert "everyone" in shown
    assert "Skolen, 9b" not in shown
    assert {"Skolen", "Lindholm, 1y", "Tech, h1"} <= set(shown)  # not everything is hidden
    assert _leaks(shown) == []
    # Opinion groups: none under five, and the vote totals minus the groups leave nobody over.
    result = dialogue_result(dialogue)
    assert result.groups is not None
    assert min(result.groups.sizes) >= MIN
    matrix, _statements = vote_matrix(dialogue)
    assert sum(result.groups.sizes) == int(((matrix != 0).sum(axis=1) > 0).sum())
    assert result.voters < sum(result.groups.sizes)  # the few-vote people are in groups too
    assert MIN_VOTES > 2


@pytest.mark.django_db
def test_results_hidden_below_five_in_all(client):
    survey = services.survey_create(actor=None, title="Lille")
    services.question_add(actor=None, survey=survey, kind="scale", text="Bussen", choices=[])
    services.survey_set_status(actor=None, survey=survey, status="open")
    for _n in range(4):
        services.survey_submit(survey=survey, answers={survey.questions.get().pk: 1})
    page = client.get(f"/deltag/undersoegelser/{survey.pk}/resultater/").content.decode()
    assert 'id="all-q1"' not in page
    dialogue = services.dialogue_create(actor=None, title="Lille", question="?", status="open")
    statement = services.statement_add(actor=None, dialogue=dialogue, text="Udsagn")
    for _n in range(4):
        person = services.participant_join(dialogue=dialogue)
        services.vote_cast(participant=person, statement=statement, value=1)
    page = client.get(f"/deltag/dialog/{dialogue.pk}/resultater/").content.decode()
    assert 'id="all-caption"' not in page
