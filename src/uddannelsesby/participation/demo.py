"""Demo citizen involvement: the 2008 hearing on the education policy with its responses and
replies, a past and a coming citizen meeting, an open survey and a statement-voting dialogue.

All texts are written for the demo. No e-mail addresses are given, so loading sends no mail.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from uddannelsesby.accounts.models import User
from uddannelsesby.policies.models import Policy, PolicyVersion

from . import services
from .models import ClassGroup, Dialogue, Hearing, Participant, Vote
from .selectors import version_sections

POLICY = "politik-for-erhvervs-og-videregaaende-uddannelser"
HEARING_START, HEARING_END = datetime.date(2008, 3, 25), datetime.date(2008, 4, 22)

# (section: "" for the whole draft, or (focus area number, commitment number or None)),
# kind, name, organisation, hide name, text, decision, reply.
RESPONSES = [
    ("", "private", "Karen Mortensen", "", False,
     "Jeg synes, det er et godt udkast. Men det skal gøres lettere at komme fra Herning til "
     "uddannelserne i Aarhus og tilbage igen – mange unge bliver boende her, hvis de kan pendle.",
     "partly", "Transport er ikke en del af uddannelsespolitikken, men vi har sendt forslaget "
     "videre til trafikplanen. Vi har tilføjet en sætning om sammenhængen til pendling."),
    ((0, 0), "organisation", "Lise Holm", "Aarhus Universitet, Herning", False,
     "Vi bakker op om målet om flere kandidatuddannelser. Det kræver dog, at kommunen er med "
     "til at sikre lokaler og studieboliger, før nye uddannelser kan flytte hertil.",
     "taken", "Enig. Studieboliger er nu nævnt direkte under fokusområdet om studieliv."),
    ((0, 1), "private", "Mads Kristensen", "", True,
     "Eliteuddannelse lyder fint, men glem ikke de unge, der har det svært. Ring gerne til mig "
     "på 20 45 67 89, hvis I vil høre mere om min søns forløb.",
     "not_taken", "Politikken har både talent og unge, der har det svært, for øje; de sidste "
     "dækkes af indsatsen om overgange. Vi har derfor ikke ændret teksten her."),
    ((0, 2), "organisation", "Peter Vestergaard", "Herningsholm Erhvervsskole & Gymnasier", False,
     "Efteruddannelse bør også omfatte ufaglærte i arbejde. Vi foreslår, at kommunen og "
     "virksomhederne sammen finder tid i arbejdsdagen til opkvalificering.",
     "taken", "Forslaget er skrevet ind: efteruddannelse skal også nå ufaglærte i job."),
    ((0, 3), "organisation", "Anne Bak", "VIA University College, Herning", False,
     "Forskning er afgørende for kvaliteten. Vi foreslår et fælles forskningsforum for "
     "institutionerne i byen, gerne med et årligt arrangement for borgerne.",
     "partly", "Et forum er en god idé; det hører hjemme i handleplanen frem for i politikken."),
    ((0, 4), "private", "Sofie Jensen", "", False,
     "Som elev vil jeg gerne have mere projektarbejde med rigtige virksomheder. Man lærer mere, "
     "når opgaven er virkelig.",
     "taken", "Det er netop tanken med indsatsen; vi har tilføjet projektarbejde som eksempel."),
    ((0, 5), "organisation", "Henrik Sand", "Herning Maskinfabrik ApS", False,
     "Vi mangler smede og teknikere. Uddannelserne skal have praktikpladser nok, og vi vil "
     "gerne bidrage. Kontakt os på praktik@herningmaskin.dk.",
     "taken", "Tak. Praktikpladser er nu et særskilt punkt i samspillet med erhvervslivet."),
    ((1, None), "private", "Jonas Friis", "", False,
     "Byen mangler steder, hvor studerende mødes om aftenen. Et studenterhus i midtbyen ville "
     "gøre en stor forskel.",
     "partly", "Et studenterhus indgår i overvejelserne; politikken nævner nu mødesteder."),
    ((1, 0), "private", "Emma Lund", "", True,
     "Jeg flyttede hertil for at studere og kendte ingen. Der bør være en velkomst for nye "
     "studerende hvert efterår.",
     "taken", "En årlig velkomst for nye studerende er skrevet ind."),
    ((1, 1), "organisation", "Bente Nygaard", "Midtjysk Tekstil A/S", False,
     "Studiejob er en god vej ind i virksomhederne. Gør det nemt for små virksomheder at slå "
     "studiejob op.",
     "partly", "Det følges op i handleplanen med en fælles jobportal."),
    ((2, None), "private", "Ole Bruun", "", False,
     "Det er vigtigt, at politikken også tænker på dem, der ikke vil have en lang uddannelse. "
     "Der er brug for faglærte.",
     "taken", "Enig. Vi har gjort det tydeligt, at erhvervsuddannelserne er lige så vigtige."),
    ((2, 0), "organisation", "Gitte Dahl", "Uddannelsesrådet i Herning", False,
     "Overgangen fra 9. klasse er det sværeste sted. Vi foreslår faste mentorer til de unge, "
     "der er i risiko for at falde fra.",
     "taken", "Mentorordningen er nu nævnt i indsatsen om overgange."),
    ((2, 1), "private", "Camilla Skov", "", False,
     "Jeg er mor til en ung, der droppede ud. Vejledningen skal være bedre – min CPR er "
     "010203-1234 hvis I vil slå vores sag op.",
     "partly", "Vejledningen styrkes, men den ligger hos Ungdommens Uddannelsesvejledning; vi "
     "har tilføjet et samarbejde med den."),
    ((3, None), "organisation", "Rasmus Kjær", "Herning Gymnasium", False,
     "Et internationalt miljø kræver engelsksprogede tilbud i fritiden og hjælp til "
     "udenlandske studerendes familier.",
     "partly", "Vi har tilføjet hjælp til familier; fritidstilbud på engelsk følges op senere."),
    ((3, 0), "private", "Ahmad Rahimi", "", False,
     "Som udenlandsk studerende var det svært at finde bolig og at få et dansk netværk. En "
     "buddy-ordning ville hjælpe.",
     "taken", "En buddy-ordning er skrevet ind under det internationale fokusområde."),
    ("", "organisation", "Jens Lauridsen", "Erhvervsakademi MidtVest", False,
     "Vi savner konkrete mål: hvor mange flere skal have en uddannelse, og hvornår? Ellers er "
     "det svært at se, om politikken virker.",
     "taken", "Politikken følges nu op med indikatorer og mål i de årlige handleplaner."),
    ("", "private", "Maja Thomsen", "", True,
     "Politikken er lang og svær at læse. Lav en kort udgave til unge.",
     "partly", "En kort udgave laves sammen med den vedtagne politik; selve teksten er uændret."),
    ((1, 2), "private", "Frederik Nørgaard", "", False,
     "Kultur- og idrætslivet skal være billigt for studerende. Et studiekort med rabatter "
     "kunne samle det hele.",
     "not_taken", "Et studiekort ligger uden for politikkens rammer; idéen er givet videre til "
     "kulturforvaltningen."),
    ((0, 0), "private", "Ida Vinther", "", False,
     "Jeg vil gerne kunne læse til sygeplejerske i Herning. Skriv mig gerne på "
     "ida.vinther@eksempel.dk eller +45 31 22 44 55.",
     "partly", "Sundhedsuddannelser er et af de ønsker, vi arbejder for; vi kan ikke love "
     "bestemte uddannelser, da staten giver godkendelsen."),
    ((2, 2), "organisation", "Tove Bach", "Herning Kommune, Børn og Unge", False,
     "Folkeskolen og ungdomsuddannelserne bør dele viden om eleverne tidligere, så ingen "
     "falder mellem to stole.",
     "taken", "Overgangen er styrket med et fast samarbejde mellem skolerne."),
]  # fmt: skip

SUMMARIES = {
    "": "De fleste svar bakker op om udkastet. Flere ønsker konkrete mål og en kort udgave til "
    "unge.",
}

STATEMENTS = [
    "Herning skal have flere videregående uddannelser.",
    "Jeg vil hellere flytte til en større by, når jeg skal studere.",
    "Der mangler steder for unge i midtbyen om aftenen.",
    "Praktik i en virksomhed er den bedste måde at lære på.",
    "Erhvervsuddannelser bliver set ned på.",
    "Studieboliger i Herning er for dyre.",
    "Kollektiv trafik om aftenen er for dårlig.",
    "Jeg kender ikke til mulighederne for studiejob.",
    "Jeg vil gerne bo i Herning, når jeg er færdig med at uddanne mig.",
    "Unge skal have mere at skulle have sagt i kommunen.",
    "Det er vigtigere at få et job end at tage en lang uddannelse.",
    "Skolerne skal samarbejde mere med virksomhederne.",
]
# Two planted opinion groups (and some noise): "stay and work" and "go and study".
STAY = [1, -1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
GO = [1, 1, 1, -1, -1, 1, 1, 1, -1, 1, -1, 1]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _anchor(version: PolicyVersion, section) -> str:
    if section == "":
        return ""
    areas = version.content["focus_areas"]
    area = areas[min(section[0], len(areas) - 1)]
    if section[1] is None or not area["commitments"]:
        return area["slug"]
    commitment = area["commitments"][min(section[1], len(area["commitments"]) - 1)]
    return f"{area['slug']}--{commitment['slug']}"


def _hearing(editor, version: PolicyVersion) -> Hearing:
    hearing = services.hearing_open(
        actor=editor,
        version=version,
        title="Høring over udkast til Politik for erhvervs- og videregående uddannelser",
        text="Byrådet sender hermed udkastet til en ny uddannelsespolitik i offentlig høring. "
        "Alle kan svare – på hele udkastet eller på et enkelt fokusområde eller en indsats.\n\n"
        "Svarene indgår i byrådets behandling, og kommunen svarer på hvert svar i et "
        "høringsnotat.",
        target_groups="Uddannelsesinstitutioner, virksomheder, Uddannelsesrådet og ikke mindst "
        "unge under uddannelse.",
        starts_on=HEARING_START,
        ends_on=HEARING_END,
    )
    sections = dict(version_sections(version.content))
    for n, (section, kind, name, org, hide, text, decision, reply) in enumerate(RESPONSES):
        anchor = _anchor(version, section)
        response = services.response_submit(
            hearing=hearing,
            anchor=anchor,
            kind=kind,
            name=name,
            organisation=org,
            hide_name=hide,
            text=text,
            today=HEARING_START + datetime.timedelta(days=n),
        )
        response.created_at = timezone.make_aware(
            datetime.datetime.combine(
                HEARING_START + datetime.timedelta(days=n), datetime.time(10 + n % 8, 15)
            )
        )
        response.save(update_fields=["created_at"])
        services.response_publish(actor=editor, response=response)
        services.response_reply(
            actor=editor, response=response, decision=decision, reply=reply, reply_anchor=anchor
        )
    summaries = dict(SUMMARIES)
    first_area = version.content["focus_areas"][0]
    summaries[first_area["slug"]] = (
        "Svarene om læringsmiljøer ønsker især flere kandidatuddannelser, praktikpladser og "
        "mere samarbejde med virksomhederne."
    )
    services.hearing_summaries_save(
        actor=editor,
        hearing=hearing,
        summaries={a: t for a, t in summaries.items() if a in sections},
    )
    # Every response is moderated and replied to: the editor publishes the memo.
    services.hearing_memo_publish(actor=editor, hearing=hearing)
    return hearing


def _meetings(editor, policy: Policy, hearing: Hearing) -> None:
    tz = timezone.get_current_timezone()
    services.meeting_create(
        actor=editor,
        title="Borgermøde om uddannelsesbyen Herning",
        description="Kom og fortæl, hvad der skal til, for at flere unge vælger en uddannelse – "
        "og bliver i byen bagefter. Byrådets udvalg er til stede.",
        policy=policy,
        hearing=hearing,
        starts_at=datetime.datetime(2008, 4, 8, 19, 0, tzinfo=tz),
        ends_at=datetime.datetime(2008, 4, 8, 21, 30, tzinfo=tz),
        place="Herning Rådhus, byrådssalen",
        address="Torvet 5, 7400 Herning",
        accessibility="Niveaufri adgang fra Torvet. Teleslynge i salen. Handicaptoilet i stueetagen.",
        capacity=120,
        notes="Omkring 90 deltog. Tre temaer fyldte mest:\n\n"
        "- **Studieliv:** ønske om et studenterhus og flere mødesteder i midtbyen.\n"
        "- **Praktik:** virksomhederne vil gerne tage flere praktikanter, men mangler en fælles "
        "indgang.\n"
        "- **Overgange:** forældre efterlyste bedre vejledning efter 9. klasse.\n\n"
        "Notaterne indgår i høringen som input til politikken.",
    )
    start = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=30)
    services.meeting_create(
        actor=editor,
        title="Workshop: uddannelsesbyen set med unges øjne",
        description="En workshop for unge mellem 15 og 25 år om serviceeftersynet af "
        "uddannelsespolitikken. Der er pizza.",
        policy=policy,
        hearing=None,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2, minutes=30),
        place="Huset, Fredhøj",
        address="Fredhøjvej 10, 7400 Herning",
        accessibility="Niveaufri adgang og handicaptoilet. Sig til, hvis du har brug for "
        "tegnsprogstolk, så sørger vi for det.",
        capacity=40,
        notes="",
    )


def _survey(editor, policy: Policy) -> None:
    survey = services.survey_create(
        actor=editor,
        title="Hvad betyder mest, når du vælger uddannelse?",
        introduction="Fem korte spørgsmål til dig mellem 15 og 25 år. Det tager to minutter.",
        policy=policy,
    )
    questions = [
        ("single", "Hvad laver du nu?", ["Går i folkeskole", "Ungdomsuddannelse",
                                        "Videregående uddannelse", "Arbejder", "Andet"]),
        ("multiple", "Hvad betyder mest, når du vælger uddannelse?",
         ["Fagligt indhold", "Hvor den ligger", "Venner", "Jobmuligheder", "Studieliv"]),
        ("scale", "Hvor gerne vil du bo i Herning om fem år?", []),
        ("single", "Kender du mulighederne for studiejob i Herning?", ["Ja", "Lidt", "Nej"]),
        ("text", "Hvad skal der til, for at du vælger en uddannelse i Herning?", []),
    ]  # fmt: skip
    created = [
        services.question_add(actor=editor, survey=survey, kind=k, text=t, choices=c)
        for k, t, c in questions
    ]
    services.survey_set_status(actor=editor, survey=survey, status="open")
    rng = random.Random(2026)
    groups = [
        services.class_group_create(actor=editor, school=school, name=name, codes=12)
        for school, name in [("Herning Gymnasium", "2.b"), ("Herning Gymnasium", "2.c"),
                             ("Lind Skole", "9.a")]
    ]  # fmt: skip
    codes = [code for group in groups for code in group.codes.all()[:8]]
    codes[-5:] = []  # Lind Skole 9.a gets only three answers: too few to show on its own
    texts = ["Billigere boliger", "Flere uddannelser inden for sundhed", "Et studenterhus",
             "Bedre busser om aftenen", ""]  # fmt: skip
    for n in range(48):
        answers = {
            created[0].pk: rng.randrange(5),
            created[1].pk: sorted(rng.sample(range(5), rng.randint(1, 3))),
            created[2].pk: rng.randint(1, 5),
            created[3].pk: rng.randrange(3),
            created[4].pk: rng.choice(texts),
        }
        services.survey_submit(
            survey=survey, answers=answers, code=codes[n] if n < len(codes) else None
        )


def _dialogue(editor, policy: Policy) -> None:
    dialogue = services.dialogue_create(
        actor=editor,
        title="Uddannelsesbyen – hvad mener du?",
        question="Hvad skal der til, for at unge vælger at uddanne sig – og blive – i Herning?",
        policy=policy,
        status=Dialogue.Status.OPEN,
    )
    statements = [
        services.statement_add(actor=editor, dialogue=dialogue, text=text) for text in STATEMENTS
    ]
    services.statement_add(
        actor=None,
        dialogue=dialogue,
        text="Der skal være gratis wifi i hele midtbyen.",
        by_participant=True,
    )
    rng = random.Random(7)
    # Pupils from two classes take part with their codes; a third class has only three.
    codes = [
        code
        for group in ClassGroup.objects.order_by("pk")
        for code in group.codes.all()[: 3 if group.school == "Lind Skole" else 12]
    ]
    votes = []
    for n in range(160):
        pattern = STAY if n % 5 < 3 else GO
        participant = Participant.objects.create(
            dialogue=dialogue,
            key=f"demo-{dialogue.pk}-{n}",
            code=codes[n] if n < len(codes) else None,
        )
        for statement, value in zip(statements, pattern, strict=True):
            if rng.random() < 0.15:
                continue  # not every statement is voted on
            if rng.random() < 0.12:
                value = rng.choice([-1, 0, 1])
            votes.append(Vote(participant=participant, statement=statement, value=value))
    Vote.objects.bulk_create(votes)


def load_demo(*, stdout=None) -> bool:
    """Create the demo data. Return False, doing nothing, if it is there already."""
    version = (
        PolicyVersion.objects.filter(policy__slug=POLICY, kind=PolicyVersion.Kind.HEARING)
        .select_related("policy")
        .order_by("number")
        .first()
    )
    if version is None or Hearing.objects.filter(version=version).exists():
        return False
    editor = User.objects.filter(username="redaktoer").first()
    with transaction.atomic():
        hearing = _hearing(editor, version)
        _say(stdout, f"Hearing: {hearing.title} ({len(RESPONSES)} responses)")
        _meetings(editor, version.policy, hearing)
        _survey(editor, version.policy)
        _dialogue(editor, version.policy)
        _say(stdout, "Meetings, a survey and a dialogue")
    return True
