"""Personal-information detector: phone numbers, email addresses, home addresses (with or
without a house number), postcodes, social-media handles, gamer tags, locker codes, passwords
and PINs.

Works on the original text (digits and punctuation matter here, and the offsets are then exact).
Scores ("we won 3-1"), times, years, dates, page and room numbers are not phone numbers; a
well-known helpline (Childline, Samaritans, Shout, NHS 111, 999) shared to help someone is not
personal information.

Handles, codes and passwords are only found where the post says what they are: "my snap is
jess.k22", "add me on psn its xX_Slayer", "my locker code is 4-18-32", "pw: sunshine99". An
@mention of someone on the board on its own is not a handle (the board links it to their
profile), and talk about passwords ("I forgot my password for the maths website") names none.
What is highlighted is the detail itself: the handle, the code, the password, the street.
A value that is an ordinary word in an ordinary place ("my insta is private", "my password is
wrong", "add me on snap later") is not a detail; language.is_english_word knows the words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .language import is_english_word


@dataclass(frozen=True)
class Found:
    rule: str
    start: int
    end: int


PHONE_RULE = "Phone number"
EMAIL_RULE = "Email address"
ADDRESS_RULE = "Home address"
POSTCODE_RULE = "Postcode"
SOCIAL_RULE = "Social media handle"
GAMER_RULE = "Gamer tag"
LOCKER_RULE = "Locker code"
PASSWORD_RULE = "Password or PIN"  # noqa: S105 (the rule's name, not a password)

# A run of digits with the separators people put in phone numbers. Dates ("12/05"), times
# ("7:30") and decimals are broken up by characters the run does not allow.
_PHONE_RUN = re.compile(r"(?<![\w+£$€])(?:\+|00)?\(?\d(?:[ \t().\-]{0,3}\d){6,17}(?!\w)")
_HELPLINES = frozenset({"08001111", "116123", "08000684141", "85258", "111", "999", "112"})

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_EMAIL_SPELLED = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*"
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|live|aol|protonmail|proton|btinternet|"
    r"sky|me|mail|msn)\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*"
    r"(?:com|co|org|net|uk|ac|me|io)(?:\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\.)\s*(?:uk|com|org))?\b",
    re.IGNORECASE,
)
_STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|drive|dr|close|way|crescent|cres|court|ct|place|pl|"
    r"grove|gardens|gdns|terrace|hill|square|sq|mews|row|walk|rise|view|green|parade|boulevard|"
    r"estate|cottages|vale|end|gate|park|wharf|circus|fields|meadow|meadows|copse|chase|croft"
)
_ADDRESS = re.compile(
    r"(?:\b(?:flat|apartment|apt|unit|house)\s*(?:no\.?\s*)?\d+[a-z]?,?\s+)?"
    r"\b\d{1,4}[a-z]?,?\s+((?:[a-z][a-z'’-]*\s+){1,3})(?:" + _STREET_TYPES + r")\b\.?",
    re.IGNORECASE,
)
# Words that cannot be part of a street name: "we need 12 people for the road safety project".
_NOT_STREET_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "at",
        "in",
        "on",
        "of",
        "for",
        "to",
        "and",
        "or",
        "with",
        "by",
        "from",
        "about",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "people",
        "goals",
        "points",
        "players",
        "kids",
        "students",
        "pupils",
        "minutes",
        "hours",
        "days",
        "weeks",
        "years",
        "mins",
        "seconds",
        "times",
        "laps",
        "miles",
        "km",
        "metres",
        "meters",
        "more",
        "less",
        "new",
        "old",
        "other",
        "same",
        "first",
        "last",
        "next",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "go",
        "went",
        "have",
        "has",
        "had",
        "do",
        "did",
        "get",
        "got",
        "need",
        "needs",
        # "I'd give you a 4 combo and end you", "631k followers but drive a honda"
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "it",
        "but",
        "can",
        "will",
        "would",
        "could",
        "should",
        "followers",
        "likes",
        "views",
        "subs",
        "combo",
        "every",
        "each",
        "this",
        "that",
        "some",
        "any",
        "no",
    ]
)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?(\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_ORDINAL_TAIL = frozenset({"st", "nd", "rd", "th"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z0-9]+")
# The words each rule below needs to see before it looks closer.
_APP_WORDS = _words(
    """snapchat snap sc insta instagram ig gram tiktok tik tt discord twitter facebook fb telegram
    kik whatsapp whats bereal twitch youtube yt reddit pinterest skype threads psn playstation
    ps3 ps4 ps5 xbox xbl fortnite roblox epic steam minecraft mc nintendo switch cod warzone
    valorant val apex ea riot league overwatch rl fifa fc24 fc25 fc26 fc27 fc28 fc29 brawl clash
    coc genshin among gamertag gamer ign friend sw"""
)
_LOCKER_WORDS = _words("locker lock padlock combo combination")
_SECRET_WORDS = _words(
    """password passwords passwd pasword passwrd pword pswd pwd pw pass passcode passphrase pin
    pins code wifi fi"""
)
_LIVING_WORDS = _words("live lives living stay stays staying moved moving house home flat")


def _phone_digits_ok(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits in _HELPLINES:
        return False
    stripped = candidate.lstrip("(")
    if stripped.startswith("+") or stripped.startswith("00"):
        return 9 <= len(digits) <= 15
    if stripped.startswith("0"):
        return len(digits) in (10, 11)
    # No trunk prefix: only the North American 3-3-4 shape.
    return re.fullmatch(r"\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}", candidate) is not None


def _phones(text: str) -> list[Found]:
    found = []
    for match in _PHONE_RUN.finditer(text):
        candidate = match.group()
        start = match.start()
        # The run may have swallowed a number after the phone number: try shorter prefixes.
        pieces = [m.end() for m in re.finditer(r"\d+", candidate)]
        for end in reversed(pieces):
            piece = candidate[:end]
            if _phone_digits_ok(piece):
                found.append(Found(PHONE_RULE, start, start + end))
                break
    return found


def _addresses(text: str) -> list[Found]:
    found = []
    for match in _ADDRESS.finditer(text):
        words = match.group(1).split()
        if any(word.lower().strip("'’") in _NOT_STREET_WORDS for word in words):
            continue
        end = match.end()
        if text[end - 1] == ".":
            end -= 1
        found.append(Found(ADDRESS_RULE, match.start(), end))
    return found


def _postcodes(text: str) -> list[Found]:
    found = []
    for match in _POSTCODE.finditer(text):
        inward = match.group(1)
        if inward[1:].lower() in _ORDINAL_TAIL or inward[1:].lower() in ("am", "pm"):
            continue
        outward = match.group()[: match.start(1) - match.start()].strip()
        if outward.isdigit():
            continue
        found.append(Found(POSTCODE_RULE, match.start(), match.end()))
    return found


def detect(text: str) -> list[Found]:
    if not text.isascii():
        # Full-width digits and letters ("０７７００…") as plain ones, one for one, so offsets hold.
        text = "".join(
            folded if len(folded := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text
        )
    found: list[Found] = []
    lower = text.lower()
    if _DIGIT.search(text):
        found += _phones(text)
        found += _addresses(text)
        found += _postcodes(text)
    if "@" in text or " at " in lower or "(at)" in lower or "[at]" in lower:
        for regex in (_EMAIL, _EMAIL_SPELLED):
            found += [Found(EMAIL_RULE, m.start(), m.end()) for m in regex.finditer(text)]
    # The rules below each start from a few words; most posts have none of them.
    words = frozenset(_WORD.findall(lower))
    if not words.isdisjoint(_APP_WORDS) or "#" in text or "add me" in lower:
        found += _handles(text)
    if not words.isdisjoint(_LOCKER_WORDS):
        found += _locker_codes(text)
    if not words.isdisjoint(_SECRET_WORDS):
        found += _passwords(text)
    if "addr" in lower or "addy" in lower:
        found += _address_is(text)
    if not words.isdisjoint(_LIVING_WORDS):
        found += _live_on_streets(text)
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


# ---------------------------------------------------------------------------------------------
# Handles, gamer tags, locker codes, passwords and PINs, addresses without a number.

# Words that say something about an account, a password or an address rather than being one:
# "my insta is private", "my password is wrong", "add me on snap later", "my address is on the
# form". Ordinary words are caught by is_english_word too; these are refused even at the end
# of a sentence, where "my password is sunshine" is a password.
_NOT_A_VALUE = _words(
    """
    a an the this that these those it its my your ur our his her their mine yours me you him
    them us i we he she they is are was were be been being am not no yes so too very really
    just literally still now also only even always never ever again already actually basically
    probably simply like at in on of off for to from with by up down out over about into there
    here what which who whom whose why how when where whatever and or but if then than as
    because cos coz cuz bc so such same different new old private public secret hidden locked
    unlocked blocked banned hacked deleted dead gone broken down glitching glitchy bugged
    lagging working fine ok okay good bad better worse best worst wrong right correct incorrect
    invalid expired changed changing reset forgotten forgot lost stolen leaked compromised
    weak strong long short easy hard simple obvious stupid dumb rubbish trash cringe dry active
    inactive open closed full empty free taken linked pinned saved required needed mandatory
    optional case sensitive later tomorrow tonight today yesterday soon sometime anytime
    whenever asap instead anyway though tho tmrw tmr tmoz 2moro rn l8r pls plz please thanks thx
    ty lol lmao lmfao haha hehe xd xx xxx x guys everyone everybody people pal bro bruh fam mate
    mates lads girls boys all yall somebody someone anyone nobody something anything nothing
    everything none set sorted updated done ready
    """
)
# What may follow a value in the same sentence and still leave it the last word of it.
_FILLERS = _words(
    "lol lmao lmfao haha hehe xd x xx xxx pls plz please thanks thx ty ok okay k kk btw tho :) :D"
)
_DESCRIBING_ENDINGS = ("ed", "ing", "ly", "ble", "ful", "ous", "ive", "ish", "less", "est", "al")
_ADVERB = r"(?:(?:just|literally|still|now|actually|basically|probably|simply|like|both|all)\s+)"

_SOCIAL_APPS = (
    r"snap\s?chat|snap|sc|insta\s?gram|insta|ig|gram|tik\s?tok|tt|discord|twitter|facebook|fb|"
    r"telegram|kik|whats\s?app|be\s?real|twitch|you\s?tube|yt|reddit|pinterest|skype|threads"
)
_GAMES = (
    r"psn|play\s?station(?:\s+network)?|ps[345]|xbox(?:\s+live)?|xbl|fortnite|roblox|"
    r"epic(?:\s+games)?|steam|minecraft|mc|nintendo(?:\s+switch)?|switch|cod|warzone|valorant|"
    r"val|apex|ea|riot|league|overwatch|rocket\s+league|rl|fifa|fc\s?2[4-9]|brawl\s+stars|"
    r"clash\s+royale|clash\s+of\s+clans|coc|genshin|among\s+us|gamer\s?tag|ign|riot\s+id"
)
_GAME_ONLY = re.compile(rf"(?:{_GAMES})\Z", re.IGNORECASE)
# Platform names that are ordinary words or abbreviations too ("oh snap", "ig" for "I guess",
# "tt" for times tables): after a bare "snap:" they need a handle-shaped value.
_AMBIGUOUS_APPS = _words(
    "snap sc ig gram tt yt threads epic steam switch cod ea val apex league rl mc coc ign"
)
# Apps whose name is no other word: "discord jess.k22" says what jess.k22 is.
_NAMED_APPS = (
    r"snap\s?chat|insta\s?gram|insta|tik\s?tok|discord|twitter|telegram|whats\s?app|twitch|"
    r"you\s?tube|psn|xbox|fortnite|roblox|minecraft|valorant"
)
_APP = rf"(?:{_SOCIAL_APPS}|{_GAMES})\b"
_APPS = rf"(?P<app>{_APP})(?:\s*(?:/|&|\+|,|and|or|n)\s*{_APP}){{0,3}}"
_ACCOUNT = (
    r"user\s?name|user|name|handle|tag|gamer\s?tag|ign|id|uid|account|acc|channel|profile|"
    r"friend\s+code"
)
_SEPARATOR = (
    r"(?:\s*['’]s\s+|\s+(?:is|was|are|its|it['’]s|it\s+is|=)(?:\s*:)?\s+|\s*[:=]\s*"
    r"|\s*[-–—>]+\s*)"
)
_SYMBOL_SEPARATOR = r"(?:\s*[:=]\s*|\s*[-–—>]+\s*)"
_HANDLE = r"(?P<handle>@?[^\W_][\w.'’-]*(?:#\d{4,5})?|@?_[\w.'’-]+)"
_HANDLE_PATTERNS = [
    # (regex, strong): strong is a sentence that says the account is theirs or asks for contact;
    # None takes only handle-shaped names ("jess.k22", not "jess")
    (  # "add me on snap its jess.k22", "follow me on insta: @millie.r", "dm me on discord"
        re.compile(
            r"\b(?:add|follow|dm|message|msg|text|hmu|hit\s+me\s+up|find|friend|pm|inbox|chat|"
            r"talk|sub|subscribe|search|snap)\s+(?:me\s+)?(?:up\s+)?(?:on|at|in|via|to)\s+"
            rf"(?:my\s+)?{_APPS}(?:\s+(?:{_ACCOUNT}))?(?:{_SEPARATOR}|\s*,?\s+"
            rf"(?:(?:i['’]?m|im|as|its|it['’]s)\s+)?){_ADVERB}?{_HANDLE}",
            re.IGNORECASE,
        ),
        True,
    ),
    (  # "my insta is @jess", "my snap's jess.k22", "her discord: jj#1234", "my xbox gamertag is"
        re.compile(
            rf"\b(?:my|our|his|her|their|ma)\s+{_APPS}(?:\s+(?:{_ACCOUNT}))?"
            rf"(?:{_SEPARATOR}|\s*(?=@)){_ADVERB}?{_HANDLE}",
            re.IGNORECASE,
        ),
        True,
    ),
    (  # "my username on roblox is jessplays09"
        re.compile(
            rf"\bmy\s+(?:{_ACCOUNT})\s+(?:on|for|in)\s+{_APPS}{_SEPARATOR}{_ADVERB}?{_HANDLE}",
            re.IGNORECASE,
        ),
        True,
    ),
    (  # "snap name is jess.k22", "psn id: xX_Slayer", "insta? mine is @jess"
        re.compile(
            rf"(?<![\w@]){_APPS}(?:\s+(?:{_ACCOUNT}){_SEPARATOR}|\??\s+(?:mine\s+is|mines|"
            rf"mine['’]s)\s+){_ADVERB}?{_HANDLE}",
            re.IGNORECASE,
        ),
        True,
    ),
    (  # "sc: jess.k22", "ig - millie_rose", "tiktok @jess.dances"
        re.compile(
            rf"(?<![\w@]){_APPS}(?:{_SYMBOL_SEPARATOR}|\s+(?=@)){_HANDLE}",
            re.IGNORECASE,
        ),
        False,
    ),
    (  # "discord jess.k22", "tiktok jess.dances_": a handle-shaped name straight after the app
        re.compile(rf"(?<![\w@])(?P<app>{_NAMED_APPS})[ \t]+{_HANDLE}", re.IGNORECASE),
        None,
    ),
    (  # "add jess.k22 on snap", "i'm @jess.k22 on insta"
        re.compile(
            r"\b(?:(?:add|follow|dm|message|msg|hmu)\s+(?:me\s+)?(?:at\s+)?|"
            rf"(?:i['’]?m|im|i\s+am)\s+(?=@)){_HANDLE}\s+(?:on|at|for)\s+(?:my\s+)?{_APPS}",
            re.IGNORECASE,
        ),
        True,
    ),
]
# Discord's old tags ("jess#1234") and Nintendo Switch friend codes say what they are.
_DISCORD_TAG = re.compile(r"(?<![\w#@.])(?P<name>[A-Za-z][\w.]{1,31})#\d{4}\b")
_FRIEND_CODE = re.compile(
    r"\bSW-\d{4}-\d{4}-\d{4}\b|\bfriend\s+code\s*(?:is|:|=)?\s*\d{4}[- ]?\d{4}[- ]?\d{4}\b",
    re.IGNORECASE,
)
# "add me, my username is jess_k22": a handle-shaped name after "add me".
_ADD_ME_USERNAME = re.compile(
    rf"\badd\s+me\b[^.!?\n]{{0,40}}?\bmy\s+(?:user\s?name|user|tag|id|ign){_SEPARATOR}{_HANDLE}",
    re.IGNORECASE,
)
# Room numbers, years, ordinals, times and amounts are not handles ("ig - 2nd", "sc: 10k").
_NOT_HANDLE = re.compile(
    r"\d+(?:st|nd|rd|th|am|pm|k|m|s|x|p|mins?|hrs?|secs?)?|[a-z]{1,2}\.?\d{1,4}", re.IGNORECASE
)
_HANDLE_SHAPE = re.compile(r"\d|_|\.[a-z0-9]|[a-z][A-Z]|#\d")

_LOCKS = r"padlock|pad\s?lock|bike\s+lock|combination\s+lock|combo\s+lock|lock"
_CODE_WORDS = r"code|combo|combination|number|no\.?|pin|passcode|password"
_CODE = r"(?P<code>\d{1,4}(?:\s*[-–/.,]\s*\d{1,4}|\s+\d{1,4}){0,5})"
_LOCKER_PATTERNS = [
    # "my locker code is 4-18-32", "locker 214 code 4491", "my padlock's 1234"
    re.compile(
        rf"\blocker(?:\s+(?:no\.?\s*)?\d{{1,4}}[a-z]?)?\s+(?:{_CODE_WORDS})(?:{_SEPARATOR}|\s+)"
        rf"{_CODE}",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:{_LOCKS})(?:\s+(?:{_CODE_WORDS}))?(?:{_SEPARATOR}|\s+){_CODE}", re.I),
    # "combo is 1234", "the combination to my locker is 12-34-56", "the code for my locker: 4491"
    re.compile(
        rf"\b(?:(?:combo|combination)|(?:code|pin)(?=\s+(?:for|to|of|on)\s))(?:\s+(?:for|to|of|on)"
        rf"\s+(?:my|the|our|his|her)\s+(?:locker|{_LOCKS})(?:\s+\d{{1,4}})?)?{_SEPARATOR}{_CODE}",
        re.IGNORECASE,
    ),
]
# "combo is 50 hits", "the combination is 120 ways": gaming and maths, not a lock.
_NOT_A_CODE_AFTER = re.compile(
    r"\s*(?:%|x\b|hits?\b|kills?\b|points?\b|pts\b|times\b|ways\b|combinations\b|moves\b|"
    r"streak\b|damage\b|dmg\b|percent\b|mins?\b|minutes\b|secs?\b|seconds\b|days\b|hours\b|"
    r"years\b|people\b|goals\b|marks\b|possible\b|options\b|outcomes\b|choices\b|p\b|pence\b|"
    r"pounds\b|quid\b)",
    re.IGNORECASE,
)

_CREDENTIAL_WORDS = (
    r"pass\s?words?|passwd|pasword|passwrd|pword|pswd|pwd|pw|pass\s?code|passphrase|"
    r"pin(?:\s*(?:number|code|no\.?))?|wi-?fi\s+(?:code|key)|"
    r"(?:phone|ipad|tablet|laptop|computer|screen|lock\s?screen|door|front\s+door|gate|alarm|"
    r"key\s?safe|keypad|garage|safe|unlock|bank|card)\s+(?:code|pin|passcode)"
)
_PASSWORD = re.compile(
    rf"\b(?P<kw>{_CREDENTIAL_WORDS})(?:\s+(?:for|to|on|of|at)\s+(?:[\w'’]+\s+){{0,3}}?[\w'’]+)?"
    rf"(?:{_SEPARATOR}|\s+(?=\d{{4}}))(?:{_ADVERB})?"
    r"(?P<value>[\"“'‘][^\"”'’\n]{1,40}[\"”'’]|[^\s\"“]{1,60})",
    re.IGNORECASE,
)
_PASS_LABEL = re.compile(r"\bpass\s*[:=]\s*(?P<value>[^\s\"“]{1,60})", re.IGNORECASE)
# Quiz and game PINs are shared with the whole class on purpose.
_SHARED_CODE_BEFORE = re.compile(
    r"(?:kahoot|blooket|quizizz|gimkit|game|quiz|join|class|classroom|zoom|teams|meet|room|"
    r"lobby|server|party|discount|promo|voucher|creator)\W*\Z",
    re.IGNORECASE,
)

_FAMILY = r"mum|mom|dad|nan|nana|gran|grandma|grandad|auntie|aunt|uncle|cousin|sister|brother"
_ADDRESS_IS = re.compile(
    r"\b(?:my|our|his|her|their|ma)\s+(?:(?:home|house|full|new|real|"
    rf"(?:{_FAMILY})['’]?s)\s+)?(?:address|addy|addr)\s*(?:is|['’]s|:|=|-)\s*"
    r"(?P<value>[^.!?\n]{3,80})",
    re.IGNORECASE,
)
_ADDRESS_VALUE_END = re.compile(
    r"\s+(?:if|so|and\s+then|come|pls|please|lol|lmao|xx?|but|because|cos|cuz|coz|dm|text|"
    r"call|see|for|when|btw)\b|,\s+(?:if|so|come|pls|please|lol|and)\b|\s+[-–(]",
    re.IGNORECASE,
)
_STREET_WORD = re.compile(rf"\b(?:{_STREET_TYPES})\b\.?", re.IGNORECASE)
# Street types that are not everyday words: enough to trust a street name typed in lower case.
_PLAIN_STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|drive|close|crescent|cres|court|grove|gardens|gdns|"
    r"terrace|mews|way|square|parade|boulevard"
)
_LIVE_ON = re.compile(
    r"\b(?:live|lives|living|stay|stays|staying|moved|moving|house\s+is|home\s+is|flat\s+is)"
    r"\s+(?:(?:right|just|now|down|up|over)\s+)?(?:to|at|on|in|off|near|by)\s+"
    rf"(?P<name>(?:[a-z][a-z'’-]*\s+){{1,3}})(?P<type>{_STREET_TYPES})\b",
    re.IGNORECASE,
)
_NOT_STREET_NAME = (
    _NOT_STREET_WORDS
    | _NOT_A_VALUE
    | _words("quite pretty busy quiet big small nice lovely posh rough one two")
)


_CLAUSE_END = re.compile(r"[.!?\n,;]")


def _last_in_sentence(text: str, end: int) -> bool:
    """Whether nothing but filler ("lol", "pls", emoji) follows `end` in its sentence."""
    sentence_end = _CLAUSE_END.search(text, end)
    rest = text[end : sentence_end.start() if sentence_end else len(text)]
    return all(
        word.lower() in _FILLERS or not any(c.isalnum() for c in word) for word in rest.split()
    )


def _says_something(word: str) -> bool:
    """An ordinary word, or one that says something about the account or code ("private",
    "pleaseee", "later")."""
    lower = word.lower()
    return (
        len(lower) < 3
        or lower in _NOT_A_VALUE
        or re.sub(r"(.)\1{2,}", r"\1", lower) in _NOT_A_VALUE
        or is_english_word(lower)
    )


def _plain_password(word: str, text: str, end: int) -> bool:
    """A password that is one plain word: "sunshine", not "wrong", "really" or "changed"."""
    lower = word.lower()
    if not _says_something(lower):
        return True
    if len(lower) < 3 or lower in _NOT_A_VALUE:
        return False
    # "my password is sunshine": an ordinary noun that ends the sentence
    return _last_in_sentence(text, end) and not lower.endswith(_DESCRIBING_ENDINGS)


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".,!?;:)]}'’\"”-":
        end -= 1
    return end


def _handle_found(text: str, match: re.Match, strong: bool | None) -> Found | None:
    start = match.start("handle")
    end = _trim(text, start, match.end("handle"))
    handle = text[start:end].lstrip("@")
    if not handle or len(handle) > 32 or not any(c.isalpha() for c in handle):
        return None
    app = re.sub(r"\s+", " ", match.group("app").lower())
    rule = GAMER_RULE if _GAME_ONLY.match(app) else SOCIAL_RULE
    at_sign = text[start] == "@"
    if not at_sign and (_NOT_HANDLE.fullmatch(handle) or re.match(r"\d+[.)]", handle)):
        return None  # "b12", "2nd", a numbered list's "2.then"
    if at_sign and len(handle) >= 2:
        return Found(rule, start, end)
    if strong is None:  # only a handle-shaped name will do
        return Found(rule, start, end) if _HANDLE_SHAPE.search(handle) else None
    if _HANDLE_SHAPE.search(handle):
        if not strong and app in _AMBIGUOUS_APPS and sum(c.isalpha() for c in handle) < 3:
            return None
        return Found(rule, start, end)
    # A plain word: "add me on snap jessk" but not "add me on snap later" or "my insta is
    # private"; "sc: jessk" but not "ig - whatever" ("I guess") or "switch: mario kart tonight"
    if _says_something(handle):
        return None
    if not strong:
        separator = text[match.end("app") : start]
        if app in _AMBIGUOUS_APPS and not re.search(r"[:=]", separator):
            return None
        if not _last_in_sentence(text, end):
            return None
    return Found(rule, start, end)


def _handles(text: str) -> list[Found]:
    found = []
    for regex, strong in _HANDLE_PATTERNS:
        for match in regex.finditer(text):
            hit = _handle_found(text, match, strong)
            if hit:
                found.append(hit)
    says_discord = "discord" in text.lower()
    for match in _DISCORD_TAG.finditer(text):
        if says_discord or not is_english_word(match.group("name")):
            found.append(Found(SOCIAL_RULE, match.start(), match.end()))
    found += [Found(GAMER_RULE, m.start(), m.end()) for m in _FRIEND_CODE.finditer(text)]
    for match in _ADD_ME_USERNAME.finditer(text):
        start, end = match.start("handle"), _trim(text, match.start("handle"), match.end())
        if _HANDLE_SHAPE.search(text[start:end]) and not _NOT_HANDLE.fullmatch(text[start:end]):
            found.append(Found(GAMER_RULE, start, end))
    return found


def _locker_codes(text: str) -> list[Found]:
    found = []
    for regex in _LOCKER_PATTERNS:
        for match in regex.finditer(text):
            start, end = match.span("code")
            end = _trim(text, start, end)
            code = text[start:end]
            if sum(c.isdigit() for c in code) < 3 or _NOT_A_CODE_AFTER.match(text, end):
                continue
            if text[end : end + 1] in (":", "£", "$") or text[start - 1 : start] in ("£", "$"):
                continue  # a time or a price
            found.append(Found(LOCKER_RULE, start, end))
    return found


def _password_value_ok(keyword: str, value: str, text: str, end: int) -> bool:
    digits = sum(c.isdigit() for c in value)
    if re.search(r"pin|code", keyword, re.IGNORECASE) and not re.search("pass", keyword, re.I):
        return digits >= 4 and digits >= len(value) - 2  # "4821", "0000"
    if value[0] in "\"“'‘":
        return any(c.isalnum() for c in value)
    if not any(c.isalnum() for c in value):
        return False  # "******", "___"
    if value.isdigit():
        return len(value) >= 4 and not _NOT_A_CODE_AFTER.match(text, end)
    if digits or not re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", value):
        return True  # "sunshine99", "Blue$ky", "BT-Hub-2291"
    parts = re.split(r"['’-]", value)
    if len(parts) > 1:
        return not all(is_english_word(part) for part in parts)  # "case-sensitive"
    return _plain_password(value, text, end)


def _passwords(text: str) -> list[Found]:
    found = []
    for match in _PASSWORD.finditer(text):
        keyword = match.group("kw")
        if re.match(r"pin|.*code", keyword, re.IGNORECASE) and _SHARED_CODE_BEFORE.search(
            text, max(0, match.start() - 40), match.start()
        ):
            continue  # "the kahoot pin is 482913"
        start = match.start("value")
        end = match.end("value")
        if text[start] not in "\"“'‘":
            end = _trim(text, start, end)
        if end > start and _password_value_ok(keyword, text[start:end], text, end):
            found.append(Found(PASSWORD_RULE, start, end))
    for match in _PASS_LABEL.finditer(text):
        start = match.start("value")
        end = _trim(text, start, match.end("value"))
        value = text[start:end]
        if end > start and any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            found.append(Found(PASSWORD_RULE, start, end))
    return found


def _address_is(text: str) -> list[Found]:
    """ "my address is oak road, leeds", "my addy: Rose Cottage, Little Hampton"."""
    found = []
    for match in _ADDRESS_IS.finditer(text):
        start = match.start("value")
        value = match.group("value")
        cut = _ADDRESS_VALUE_END.search(value)
        if cut:
            value = value[: cut.start()]
        end = _trim(text, start, start + len(value.rstrip()))
        value = text[start:end]
        words = value.split()
        if not words:
            continue
        street = _STREET_WORD.search(value)
        named = any(
            w[0].isupper() and not is_english_word(w.strip(","))
            for w in words[:4]
            if w[0].isalpha()
        )
        if street:
            first_name_word = words[0].lower().strip(",")
            if len(words) == 1 or first_name_word in ("on", "in", "at", "near", "by"):
                continue  # "my address is on the road", no street named
            found.append(Found(ADDRESS_RULE, start, end))
        elif any(c.isdigit() for c in value) or named:
            found.append(Found(ADDRESS_RULE, start, end))
    return found


def _live_on_streets(text: str) -> list[Found]:
    """ "I live on Oak Road", "my nan lives on elm close": a street named, with no number."""
    found = []
    for match in _LIVE_ON.finditer(text):
        words = match.group("name").split()
        if any(word.lower().strip("'’") in _NOT_STREET_NAME for word in words):
            continue
        capitalised = all(word[0].isupper() for word in words)
        street_type = match.group("type")
        if not capitalised and not re.fullmatch(_PLAIN_STREET_TYPES, street_type, re.I):
            continue  # "we live in manchester end" is no street
        found.append(Found(ADDRESS_RULE, match.start(1), match.end()))
    return found
