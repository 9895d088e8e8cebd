from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


def demo_loaders():
    """Each installed app of the project may have a `demo` module with `load_demo()`.

    They run in INSTALLED_APPS order, so an app's demo can build on the apps it depends on.
    """
    for config in apps.get_app_configs():
        if config.name.startswith("uddannelsesby.") and find_spec(f"{config.name}.demo"):
            yield config.label, import_module(f"{config.name}.demo").load_demo


class Command(BaseCommand):
    help = "Load the demo data of every app (once: running it again changes nothing)."

    def handle(self, *args, **options):
        stdout = self.stdout if options["verbosity"] > 1 else None
        loaded = [label for label, load in demo_loaders() if load(stdout=stdout)]
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {', '.join(loaded)}."))
        else:
            self.stdout.write("Demo data already present.")
