"""Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django
reads, with polib: no gettext tools needed, so `make run` works on a fresh machine.
A catalogue is compiled again only when its .po is newer than its .mo.

    .venv/bin/python scripts/compile_messages.py
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def compile_all(root=ROOT / "locale"):
    compiled = 0
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    return compiled


if __name__ == "__main__":
    count = compile_all()
    if count:
        print(f"compiled {count} translation catalogue(s)", file=sys.stderr)
