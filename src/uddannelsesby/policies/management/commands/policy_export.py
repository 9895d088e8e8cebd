import json

from django.core.management.base import BaseCommand

from uddannelsesby.policies.models import Policy
from uddannelsesby.policies.selectors import policy_export


class Command(BaseCommand):
    help = "Export policies (all, or those named by slug) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Policies to export; all when none given.")
        parser.add_argument("--output", "-o", help="File to write; standard output by default.")

    def handle(self, *args, slugs, output, **options):
        policies = Policy.objects.select_related("owner").order_by("slug")
        if slugs:
            policies = policies.filter(slug__in=slugs)
        text = json.dumps(policy_export(policies), indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")
