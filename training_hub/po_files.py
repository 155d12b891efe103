"""Reading a PO file of translated content before anything of it is kept: its syntax, and
that each translation keeps the placeholders of its source (`%(name)s`, `%s`, `{count}`).

The translation editor's upload (training_hub/localize_admin.py) and the translation service
(courses/services.py) refuse a file or a text that fails here, naming the line.
"""

import os
import re
import tempfile
from collections import Counter

import polib
from django.utils.translation import gettext_lazy as _

# The placeholders a translation must keep: Python's %-formatting (named or not) and
# str.format fields ({count}, {0}, {}).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
# A line of a PO file that carries a string must end its quoted string on that line.
STRING_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(.*)"$')
KEYWORD_LINE = re.compile(r"^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b")

NOT_UTF8 = _("The file is not text in UTF-8: save it as UTF-8 and upload it again.")
SYNTAX_ERROR = _("Line %(line)s: this is not valid PO syntax (%(text)s).")
UNREADABLE = _("The file is not a PO file that can be read (%(error)s).")
PLACEHOLDERS_MISSING = _(
    "Line %(line)s: the translation of “%(source)s” must keep %(missing)s, as the source has."
)
PLACEHOLDERS_UNKNOWN = _(
    "Line %(line)s: the translation of “%(source)s” has %(unknown)s, which the source has not."
)
NO_FILE = _("Choose a PO file to upload.")


class POFileRefused(ValueError):
    """The file, or a translation in it, cannot be kept; `messages` name the lines."""

    def __init__(self, messages):
        super().__init__("; ".join(str(message) for message in messages))
        self.messages = [str(message) for message in messages]


def placeholders(text):
    return Counter(PLACEHOLDER.findall(text or ""))


def placeholder_problems(source, translation, *, line):
    """Messages for a translation that drops or adds placeholders of its source ([] when
    it keeps them all)."""
    if not translation:
        return []
    wanted, found = placeholders(source), placeholders(translation)
    quoted = source if len(source) <= 60 else source[:57] + "…"
    problems = []
    missing = sorted((wanted - found).elements())
    unknown = sorted((found - wanted).elements())
    if missing:
        problems.append(
            PLACEHOLDERS_MISSING % {"line": line, "source": quoted, "missing": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            PLACEHOLDERS_UNKNOWN % {"line": line, "source": quoted, "unknown": ", ".join(unknown)}
        )
    return problems


def _syntax_problems(text):
    problems = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if (line.startswith('"') or KEYWORD_LINE.match(line)) and not _closed(line):
            problems.append(SYNTAX_ERROR % {"line": number, "text": line[:60]})
        elif not line.startswith('"') and not KEYWORD_LINE.match(line):
            problems.append(SYNTAX_ERROR % {"line": number, "text": line[:60]})
    return problems


def _closed(line):
    """Whether the line's quoted string ends on it, with its inner quotes escaped."""
    match = STRING_LINE.match(line)
    if match is None:
        return False
    inner = match.group(1)
    return re.search(r'(?<!\\)(?:\\\\)*"', inner) is None


def _msgstr_line(lines, start):
    """The number of the `msgstr` line of the entry that starts at line `start`."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return number
    return start


def read_po(content):
    """The `polib.POFile` of `content` (bytes), or POFileRefused naming every wrong line: bad
    syntax first, else every translation whose placeholders differ from its source's."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise POFileRefused([NOT_UTF8]) from None
    problems = _syntax_problems(text)
    if problems:
        raise POFileRefused(problems)
    # polib reads a file name as well as a text: give it a file, never the text itself.
    handle, path = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        po = polib.pofile(path)
    except (OSError, ValueError) as error:
        line = re.search(r"line (\d+)", str(error))
        if line:
            raise POFileRefused(
                [SYNTAX_ERROR % {"line": line.group(1), "text": str(error)}]
            ) from None
        raise POFileRefused([UNREADABLE % {"error": error}]) from None
    finally:
        os.unlink(path)
    lines = text.splitlines()
    for entry in po:
        if entry.obsolete:
            continue
        line = _msgstr_line(lines, entry.linenum)
        problems += placeholder_problems(entry.msgid, entry.msgstr, line=line)
    if problems:
        raise POFileRefused(problems)
    return po
