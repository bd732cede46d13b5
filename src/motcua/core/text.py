"""Vietnamese text handling: NFC storage and accent-insensitive search keys.

Search must find "Giấy phép xây dựng" from "giay phep xay dung" on SQLite and PostgreSQL alike,
so every searchable model keeps a normalised copy of its text (lower case, diacritics removed,
đ→d) and queries compare against that column.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s.-]+")


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC (the form Vietnamese text must be stored in)."""
    return unicodedata.normalize("NFC", value)


def clean_text(value: str) -> str:
    """NFC, with runs of whitespace collapsed and the ends trimmed."""
    return _SPACES.sub(" ", nfc(value)).strip()


def fold(value: str) -> str:
    """Accent- and case-insensitive search key: "Đăng ký khai sinh" → "dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", stripped.lower())).strip()


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded terms, each of which must match."""
    return [term for term in fold(query).split(" ") if term]
