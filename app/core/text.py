"""Text folding for accent- and case-insensitive matching, and slugs."""

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans(
    {"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ł": "l",
     "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i"}  # noqa: RUF001
)  # fmt: skip


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form: 'Nordås' -> 'nordas', 'Müller' -> 'muller'."""
    if text.isascii():  # most names: nothing to decompose (an import folds every new name)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def slugify(text: str) -> str:
    """URL slug: 'Narve Gilje Nordås' -> 'narve-gilje-nordas'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped by '\\'."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
