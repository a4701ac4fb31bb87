"""Display names: the form a name is kept and shown in, and the key that finds lookalikes.

A display name stands beside everything its owner writes, so a name that reads like a
teacher's would let a student speak with a teacher's voice: "Ms Lee" with a Cyrillic е, with a
zero-width space or a Hangul filler (U+3164) for the space, turned around by a right-to-left
override, or in capitals. `clean` takes out what cannot be seen; `lookalike_key` gives two
names that look the same the same key, which the user table keeps in an indexed column
(User.display_name_key), so a new name is checked against everyone's in one indexed lookup.

The key is disarm's skeleton_key: the Unicode TR39 skeleton (NFKC, each character through
confusables.txt, again until nothing changes), case-folded, with the invisible, filler and
bidi-control characters stripped and spaces collapsed. Two additions make it a name key:
digit_policy="tr39" puts 0 with O and 1 with l and I ("Mr J0nes" is Mr Jones), and "rn" is
read as "m" ("Mr Srnith"), a TR39 skeleton pair disarm leaves out of its key on purpose.
"""

from __future__ import annotations

import re
import unicodedata

import disarm

# Unicode's default-ignorable characters that are not format characters (Cf) and that
# disarm.strip_format keeps: a combining grapheme joiner, Khmer inherent vowels, variation
# selectors, tags and reserved code points (DerivedCoreProperties.txt). They draw nothing.
_IGNORABLE = re.compile(
    "[\u034f\u17b4\u17b5\u180b-\u180f\u2065\ufe00-\ufe0f\ufff0-\ufff8\U000e0000-\U000e0fff]"
)
# Control, format (zero-width, bidi) and private-use characters: invisible, or drawn as
# whatever a font likes.
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Co")
KEY_MAX = 200  # a key can be longer than its name (one character may fold to several)
# The version of disarm's key that made the stored keys (disarm.KEY_SCHEMA_VERSION). A disarm
# that makes keys differently needs a migration that recomputes User.display_name_key, as
# e5b8c1d4a7f2 does, before this number follows it.
KEY_SCHEMA = 10


def clean(name: str) -> str:
    """The name as it is kept and shown: bidi controls, zero-width and other invisible
    characters taken out, blank fillers (U+3164, U+115F, U+2800) read as spaces, runs of
    spaces made one."""
    name = disarm.strip_format(name)
    name = _IGNORABLE.sub("", name)
    name = "".join(c for c in name if unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    return " ".join(name.split())


def lookalike_key(name: str) -> str:
    """Equal for names that look alike: "Ms Lee", "ms lee", "Ms Lее" (Cyrillic е),
    "Ms\u200b Lee", "MS  LEE"."""
    key = disarm.skeleton_key(name, digit_policy="tr39")
    return key.replace("rn", "m")[:KEY_MAX]
