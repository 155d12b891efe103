"""Build a new course index and move the search alias to it in one step."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing, services


class Command(BaseCommand):
    help = (
        "Index every public course into a new Elasticsearch index, switch the alias to it "
        "atomically and remove the old indexes. Refuses to switch when the new index holds "
        "far fewer courses than the database has."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-share",
            type=float,
            default=indexing.MIN_SHARE,
            help="Share of the database's public courses the new index must hold (0 to 1).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only when the alias points at no index yet (a first start).",
        )

    def handle(self, *args, min_share, no_progress, if_missing, **options):
        if not services.elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: the search runs on the database.")
        if if_missing and indexing.index_exists():
            self.stdout.write("The course index exists; nothing to do.")
            return
        bar = None if no_progress else tqdm(unit="course", desc="Indexing", file=self.stderr)

        def progress(done, total):
            if bar is not None:
                bar.total = total
                bar.n = done
                bar.refresh()

        try:
            name, held = indexing.rebuild(progress=progress, min_share=min_share)
        except indexing.RebuildRefused as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(f"{held} courses in {name}; the alias points at it.")
