"""The acronyms as the search backends use them: Solr-format rules for Elasticsearch's
`synonym_graph` filter, and expansions of one word for the database backend."""

from django.core.cache import cache

from .models import Acronym

CACHE_KEY = "search:acronyms"


def _table():
    """{acronym (casefolded): [expansions]}: read once per change (see `forget`)."""
    table = cache.get(CACHE_KEY)
    if table is None:
        table = {
            a.acronym.casefold(): [e.casefold() for e in a.expansion_list()]
            for a in Acronym.objects.all()
        }
        cache.set(CACHE_KEY, table, 300)
    return table


def forget():
    """Called when an acronym changes, so that the next search reads them again."""
    cache.delete(CACHE_KEY)


def expansions(word):
    """What `word` stands for, when it is an acronym, and the acronyms a phrase stands for."""
    table = _table()
    word = word.casefold()
    found = list(table.get(word, ()))
    found += [acronym for acronym, phrases in table.items() if word in phrases]
    return found


def synonym_rules():
    """One Solr rule per acronym: "ilo, immigration liaison officer" (equivalent terms)."""
    return [", ".join([acronym, *phrases]) for acronym, phrases in sorted(_table().items())]
