from django.core.management.base import BaseCommand, CommandError

from uddannelsesby.search import documents, engine


class Command(BaseCommand):
    help = "Rebuild the search index (all kinds, or those named) and drop words nobody uses."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", metavar="kind", help=", ".join(documents.KINDS))

    def handle(self, *args, kinds, **options):
        unknown = sorted(set(kinds) - set(documents.KINDS))
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(unknown)}")
        counts = documents.rebuild(kinds or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"words dropped: {engine.vocabulary_prune()}")
