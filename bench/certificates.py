"""Certificates: a page laid out with shaping, and a 30-person bulk issue, each beside a
plain xhtml2pdf page measured in the same run.

    .venv/bin/python bench/certificates.py                   # SQLite file in a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/certificates.py
    BENCH_REPEATS=30 BENCH_BULK=30 .venv/bin/python bench/certificates.py

Prints the median and p95 milliseconds of:

- the baseline: a plain xhtml2pdf page (Helvetica, a heading and three paragraphs of
  Latin text, no fonts to embed, nothing shaped);
- a certificate page as issued, without its signature: the JCLEC template (logo, two
  signatories with signature images, the frame, a QR code), a name in one of eleven
  scripts in turn (Khmer, Thai, Burmese, Vietnamese NFC and NFD, Lao, Urdu, Chinese,
  Korean, Bahasa, Latin), every run of text shaped by HarfBuzz and its faces embedded as
  subsets (target: under 60 ms);
- the same page signed (PAdES), as `certificate_issue` makes it;

then the wall time of one bulk issue of BENCH_BULK (30) completed trainees through
`session_issue_certificates` (the task run in-process: layout, signature, SHA-256, the
file and the row with its log entry, one after the other; target: under 3 s), beside the
time of as many plain pages. Not a test: nothing here passes or fails.
"""

import io
import os
import statistics
import time
import unicodedata

from benchlib import REPEATS  # noqa: I001  (sets up Django first)
from django.core.management import call_command  # noqa: E402

REPEATS = max(REPEATS, int(os.environ.get("BENCH_CERTIFICATE_REPEATS", "30")))
BULK = int(os.environ.get("BENCH_BULK", "30"))
NAMES = [
    ("ស្រីពេជ្រ សុខ", "Sreypich Sok"),
    ("กิ่งกาญจน์ ศรีสวัสดิ์", "Kingkarn Srisawat"),
    ("မြန်မာ ဦး", "Myanmar U"),
    (unicodedata.normalize("NFC", "Nguyễn Thị Hường"), "Nguyen Thi Huong"),
    (unicodedata.normalize("NFD", "Nguyễn Thị Hường"), "Nguyen Thi Huong"),
    ("ສົມພອນ ວົງສາ", "Somphone Vongsa"),
    ("محمد اقبال", "Muhammad Iqbal"),
    ("王秀英", "Wang Xiuying"),
    ("김민준", "Kim Minjun"),
    ("Siti Nurhaliza", "Siti Nurhaliza"),
    ("José Rizal", "Jose Rizal"),
]
PLAIN = """<html><head><style>@page { size: a4 landscape; margin: 2cm }</style></head>
<body><h1>Certificate of completion</h1>
<p>This is to certify that Dewi Lestari has completed the course Countering people
smuggling networks, held in Semarang from 8 to 12 June 2026.</p>
<p>Jakarta Centre for Law Enforcement Cooperation</p>
<p>Certificate code ABCD-EFGH-JKLM. Check it at https://traininghub.example.org/.</p>
</body></html>"""


def plain_page():
    from xhtml2pdf import pisa

    out = io.BytesIO()
    pisa.pisaDocument(PLAIN, dest=out)
    return out.getvalue()


def samples(fn, count):
    times = []
    for i in range(count):
        began = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - began) * 1000)
    return times


def describe(label, times, base=None):
    times = sorted(times)
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    ratio = f"  {median / base:5.1f} × base" if base else ""
    print(f"  {label:<44} median {median:7.1f} ms   p95 {p95:7.1f} ms{ratio}")
    return median


def world():
    from certificates.demo import demo_images
    from certificates.models import Signatory, TemplateLogo
    from tests.factories import (
        complete,
        make_centre,
        make_certificate_template,
        make_course,
        make_official,
        make_session,
        make_user,
        nominate,
    )
    from training_hub.roles import Role

    rso = make_user(Role.RSO, username="bench-rso")
    centre = make_centre(acronym="JCLEC")
    director = make_user(Role.DIRECTOR, centres=[centre], username="bench-director")
    focal = make_user(Role.FOCAL_POINT, member_code="ID", username="bench-focal")
    logo, rso_signature, director_signature = demo_images()
    template = make_certificate_template(
        centre=centre,
        user=rso,
        name="JCLEC certificate",
        logos=[TemplateLogo(image=logo)],
        signatories=[
            Signatory(name="Budi Santoso", title="Director, JCLEC", signature=director_signature),
            Signatory(name="Ratana Srisuk", title="RSO", signature=rso_signature),
        ],
    )
    course = make_course(centre, title="Countering people smuggling networks")
    session = make_session(course, capacity=BULK + 5, default_quota=BULK + 5)
    for n in range(BULK):
        native, latin = NAMES[n % len(NAMES)]
        official = make_official(
            focal_point=focal, name=latin.upper(), native_name=native,
            email=f"official-{n}@bench.test",
        )  # fmt: skip
        complete(nominate(session, official), director=director)
    return template, session, director


def main():
    from certificates import services
    from certificates.models import Certificate
    from certificates.pdf import fonts, render

    call_command("migrate", verbosity=0)
    call_command("certificate_fonts", verbosity=0)
    template, session, director = world()
    contents = [
        render.Content(
            trainee=native,
            trainee_latin=latin,
            course="Countering people smuggling networks",
            starts_on=session.wall_start.date(),
            ends_on=session.wall_end.date(),
            centre="Jakarta Centre for Law Enforcement Cooperation",
            city="Semarang",
            code="ABCD-EFGH-JKLM",
            issued_on=session.wall_end.date(),
            verify_url="https://traininghub.example.org/certificates/verify/ABCD-EFGH-JKLM/",
        )
        for native, latin in NAMES
    ]
    # Warm up: fonts parsed and registered, images cut, the first layout.
    plain_page()
    render.issue_pdf(template, contents[0], issuer="Bench")
    print(f"Certificates ({REPEATS} pages each; fonts {fonts.fingerprint()}):")
    base = describe("plain xhtml2pdf page (baseline)", samples(lambda i: plain_page(), REPEATS))
    describe(
        "certificate page, shaped (unsigned)",
        samples(lambda i: render.render(template, contents[i % len(contents)]), REPEATS),
        base,
    )
    describe(
        "certificate page, shaped and signed",
        samples(
            lambda i: render.issue_pdf(template, contents[i % len(contents)], issuer="Bench"),
            REPEATS,
        ),
        base,
    )

    began = time.perf_counter()
    for _ in range(BULK):
        plain_page()
    plain_bulk = time.perf_counter() - began
    began = time.perf_counter()
    run = services.session_issue_certificates(session=session, user=director, template=template)
    bulk = time.perf_counter() - began
    run.refresh_from_db()
    issued = Certificate.objects.filter(session=session, revoked_on__isnull=True).count()
    status = f"{run.get_status_display()}: {run.issued} issued"
    print(f"Bulk issue of {BULK} completed trainees ({status}):")
    print(f"  {BULK} plain xhtml2pdf pages (baseline)            {plain_bulk:7.2f} s")
    print(
        f"  session_issue_certificates, {issued} certificates     {bulk:7.2f} s"
        f"   {bulk / plain_bulk:5.1f} × base   ({bulk / BULK * 1000:.0f} ms each)"
    )


if __name__ == "__main__":
    main()
