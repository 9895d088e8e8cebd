from django.core.management.base import BaseCommand

from uddannelsesby.policies.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data: Herning's education policy, its sister policies, users."

    def handle(self, *args, **options):
        if load_demo(stdout=self.stdout if options["verbosity"] > 1 else None):
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present.")
