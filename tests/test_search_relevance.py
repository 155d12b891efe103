"""Relevance, measured: the judged queries of `search_judgements.py` on the demo catalogue,
through each backend, scored by success@3 (the course that must come first is in the top
three) and nDCG@10 (graded: 3 for that course, 1 for each that must also appear).

Thresholds (a backend below one fails):
- Elasticsearch: success@3 >= 0.95 and nDCG@10 >= 0.85;
- database (the fallback, no typo tolerance or stemming): success@3 >= 0.70, nDCG@10 >= 0.60.
The figures per kind of query are printed (`pytest -s`).
"""

import math
from collections import defaultdict

import pytest

from courses.models import CoursePage
from search.query import CourseQuery
from tests.search_judgements import JUDGEMENTS
from training_hub.demo.catalogue import load_demo_catalogue, load_demo_centres
from training_hub.demo.translations import load_demo_translations

THRESHOLDS = {"elasticsearch": (0.95, 0.85), "database": (0.70, 0.60)}


def _dcg(gains):
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def score(judgement, ranked):
    """(success@3, nDCG@10) of one judged query given the ranked slugs."""
    relevance = {slug: 1 for slug in judgement.also} | {judgement.first: 3}
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:10])
    found = _dcg([relevance.get(slug, 0) for slug in ranked[:10]])
    return float(judgement.first in ranked[:3]), found / ideal


def evaluate(search):
    """Scores of every judgement: {kind: [(query, success, ndcg, top three)]} and means."""
    slugs = dict(CoursePage.objects.sources().values_list("pk", "slug"))
    rows = defaultdict(list)
    for judgement in JUDGEMENTS:
        query = CourseQuery(text=judgement.query, page_size=10, locale=judgement.locale)
        ranked = [slugs[pk] for pk in search(query)]
        success, ndcg = score(judgement, ranked)
        rows[judgement.kind].append((judgement.query, success, ndcg, ranked[:3]))
    every = [row for kind in rows.values() for row in kind]
    means = (
        sum(row[1] for row in every) / len(every),
        sum(row[2] for row in every) / len(every),
    )
    return rows, means


def report(backend, rows, means):
    lines = [f"\n{backend}: success@3 {means[0]:.3f}, nDCG@10 {means[1]:.3f}"]
    for kind, kind_rows in sorted(rows.items()):
        success = sum(r[1] for r in kind_rows) / len(kind_rows)
        ndcg = sum(r[2] for r in kind_rows) / len(kind_rows)
        lines.append(
            f"  {kind:<12} {len(kind_rows):>2} queries  success@3 {success:.2f}  nDCG@10 {ndcg:.2f}"
        )
        lines += [f"    missed: {r[0]!r} -> {r[3]}" for r in kind_rows if not r[1]]
    print("\n".join(lines))


@pytest.fixture
def demo_catalogue(rso):
    load_demo_centres(user=rso)
    load_demo_catalogue(user=rso)
    load_demo_translations(user=rso)


def test_the_judged_set_is_large_and_names_real_courses(demo_catalogue):
    slugs = set(CoursePage.objects.sources().values_list("slug", flat=True))
    assert len(JUDGEMENTS) >= 40
    named = {j.first for j in JUDGEMENTS} | {slug for j in JUDGEMENTS for slug in j.also}
    assert named <= slugs, named - slugs
    assert {"acronym", "misspelling", "outcome", "thai", "indonesian", "vietnamese"} <= {
        j.kind for j in JUDGEMENTS
    }
    assert {"country", "centre"} <= {j.kind for j in JUDGEMENTS}


def test_scoring_rewards_the_first_course_first():
    from tests.search_judgements import Judgement

    judged = Judgement("x", "a", ("b",))
    assert score(judged, ["a", "b"]) == (1.0, 1.0)
    assert score(judged, ["c", "d", "e", "a"])[0] == 0.0
    assert 0 < score(judged, ["b", "a"])[1] < 1


@pytest.mark.django_db
def test_database_backend_relevance(demo_catalogue):
    from search.backends import database

    rows, means = evaluate(lambda query: database.search(query).ids)
    report("database", rows, means)
    success, ndcg = THRESHOLDS["database"]
    assert means[0] >= success and means[1] >= ndcg, means
