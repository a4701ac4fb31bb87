"""Private details beyond phone numbers and emails: social-media handles, gamer tags, locker
codes, passwords and PINs, and home addresses without a house number; and the number- and
handle-like posts that must stay clean (scores, times, rooms, @mentions of classmates, talk
about passwords)."""

from __future__ import annotations

import pytest

from board.screening import screen
from board.screening.personal_info import detect

SOCIAL = "Social media handle"
GAMER = "Gamer tag"
LOCKER = "Locker code"
PASSWORD = "Password or PIN"
ADDRESS = "Home address"

CAUGHT = [
    # social-media handles, said to be a snap / insta / tiktok / discord...
    ("add me on snap its jess.k22", SOCIAL, "jess.k22"),
    ("my insta is @millie.rose_", SOCIAL, "@millie.rose_"),
    ("sc: jess.k22", SOCIAL, "jess.k22"),
    ("ig - millie_rose", SOCIAL, "millie_rose"),
    ("my snap's jessk22 if anyone wants it", SOCIAL, "jessk22"),
    ("follow me on tiktok @jess.dances", SOCIAL, "@jess.dances"),
    ("hmu on insta, im @ben.t_09", SOCIAL, "@ben.t_09"),
    ("add jess.k22 on snap", SOCIAL, "jess.k22"),
    ("my snapchat username is jess.k22", SOCIAL, "jess.k22"),
    ("snap name is bigdave2011", SOCIAL, "bigdave2011"),
    ("my snap and insta are both @jessk_22", SOCIAL, "@jessk_22"),
    ("add me on snap jessk", SOCIAL, "jessk"),
    ("my tiktok is jessdances", SOCIAL, "jessdances"),
    ("insta? mine is @jess.k", SOCIAL, "@jess.k"),
    ("tiktok jess.dances_ if u want", SOCIAL, "jess.dances_"),
    # Discord: old tags and new usernames
    ("my discord is jess#4821", SOCIAL, "jess#4821"),
    ("discord: shadowfox#0420", SOCIAL, "shadowfox#0420"),
    ("add me on discord jess_k22", SOCIAL, "jess_k22"),
    ("add me discord jess.k22 x", SOCIAL, "jess.k22"),
    # gamer tags
    ("add me on psn its xX_Slayer_Xx", GAMER, "xX_Slayer_Xx"),
    ("my xbox gamertag is ShadowWolf2291", GAMER, "ShadowWolf2291"),
    ("my fortnite name is JessPlays09", GAMER, "JessPlays09"),
    ("my roblox user is jess_builds", GAMER, "jess_builds"),
    ("my epic name is TTV_Jess", GAMER, "TTV_Jess"),
    ("add me on roblox: coolkid_2012", GAMER, "coolkid_2012"),
    ("my username on roblox is jessplays09", GAMER, "jessplays09"),
    ("my psn is jessk_22", GAMER, "jessk_22"),
    ("gamertag: NightOwl_77", GAMER, "NightOwl_77"),
    ("my switch friend code is SW-1234-5678-9012", GAMER, "SW-1234-5678-9012"),
    ("add me, my username is jess_k22", GAMER, "jess_k22"),
    # locker codes and combinations
    ("my locker code is 4-18-32", LOCKER, "4-18-32"),
    ("combo is 1234", LOCKER, "1234"),
    ("the combination to my locker is 12-34-56", LOCKER, "12-34-56"),
    ("my padlock code is 0420", LOCKER, "0420"),
    ("locker 214 code 4491", LOCKER, "4491"),
    ("code for my locker: 2580", LOCKER, "2580"),
    ("my locker combo's 12 34 56", LOCKER, "12 34 56"),
    # passwords and PINs
    ("my password is sunshine99", PASSWORD, "sunshine99"),
    ("my password is sunshine", PASSWORD, "sunshine"),
    ("my password is literally sunshine99", PASSWORD, "sunshine99"),
    ("the wifi password is BTHub-2291", PASSWORD, "BTHub-2291"),
    ("my pin's 4821", PASSWORD, "4821"),
    ("my pin number is 4821", PASSWORD, "4821"),
    ("pw: sunshine99", PASSWORD, "sunshine99"),
    ("username jess22 pass: hello123", PASSWORD, "hello123"),
    ("password for my school email is Jess2009!", PASSWORD, "Jess2009"),
    ("my phone passcode is 123456", PASSWORD, "123456"),
    ("my ipad code is 0000", PASSWORD, "0000"),
    ("the door code is 1987", PASSWORD, "1987"),
    ('the password is "bluefish"', PASSWORD, '"bluefish"'),
    # home addresses without a house number
    ("my address is oak road, leeds", ADDRESS, "oak road, leeds"),
    ("my address is Rose Cottage, Little Hampton", ADDRESS, "Rose Cottage, Little Hampton"),
    ("I live on Oak Road", ADDRESS, "Oak Road"),
    ("i live on dover street near the park", ADDRESS, "dover street"),
    ("my nan lives on elm close", ADDRESS, "elm close"),
    ("we live at Hollybush Lane, come round after school", ADDRESS, "Hollybush Lane"),
    ("my house is on Station Road", ADDRESS, "Station Road"),
    ("i live off church street", ADDRESS, "church street"),
]

CLEAN = [
    # scores, dates, times, rooms, pages, prices, years, percentages, buses, shirts
    "we won 21-14 on saturday",
    "year 9 won 3-1 in the final",
    "the match is on 12/05 at 3:15",
    "meet in room B12 after lunch",
    "page 45 question 7",
    "tickets are £4.50 or 2 for £8",
    "i was born in 2011",
    "i got 85% on the test",
    "the 42 bus was late again",
    "i'm number 7 on the team shirt",
    "call Childline on 0800 1111",
    # @mentions of classmates on their own
    "thanks @jess_k22 for the help",
    "shoutout to @maya.k for the insta post about the bake sale",
    "@ben_09 is so good at fortnite",
    # apps talked about, no handle given
    "what's your snap?",
    "dm me on insta",
    "follow us on insta for more pics",
    "add me to the group chat pls",
    "add me on snap if you want",
    "add me on snap later",
    "add me on snap pleaseee",
    "add me on fortnite ill carry u",
    "my insta is private",
    "my snap is down again",
    "my discord is dead lol",
    "my ig is so dry lol",
    "my insta is literally just memes",
    "my snap score is 200k",
    "my tiktok got 1000 views",
    "my tiktok is blowing up",
    "tiktok 2024 trends are so weird",
    "thanks to everyone who follows me on tiktok",
    "im always on snap",
    "i'm bad at fortnite",
    "roblox is down again",
    "the discord server for the robotics club is great",
    "oh snap - the test is tomorrow",
    "snap: that was close",
    "ig - whatever works",
    "ig: idk",
    "sc: p.6",
    "tt rockstars: 45 seconds",
    "fortnite: chapter 5 is out",
    "epic - we won",
    "switch: mario kart tonight?",
    # passwords, PINs and codes talked about, none given
    "I forgot my password for the maths website, who do I ask?",
    "what's a strong password?",
    "my password is too short apparently",
    "my password isn't working on the school laptops",
    "make sure your password is at least 8 characters",
    "my password has to have a capital letter",
    "my password is case-sensitive",
    "the password is on the whiteboard",
    "the wifi password changed again",
    "the kahoot pin is 4829133",
    "pin the poster on the board pls",
    "my pin is bent",
    "the code is on the board",
    "the bus code is 42",
    "what's the locker code?",
    "I got a 50 hit combo in smash",
    "my best combo is 50 hits",
    "the combination is 120 ways",
    # addresses talked about, none given
    "my address is on the form",
    "my address is changing next month",
    "my address is private",
    "i live on the same road as @jo",
    "we live on a really busy road",
    "i live in manchester end of story",
    "i live for the weekend",
    "we live in different streets",
    "i live in close proximity to the school",
]


@pytest.mark.parametrize(("text", "rule", "matched"), CAUGHT)
def test_private_detail_is_found_and_highlighted(text, rule, matched):
    found = [(f.rule, text[f.start : f.end]) for f in detect(text)]
    assert (rule, matched) in found


@pytest.mark.parametrize(("text", "rule", "matched"), CAUGHT)
def test_private_detail_brings_the_rethink_nudge(text, rule, matched):
    verdict = screen(text)
    # A crisis reading wins over everything: "my snap's ... if anyone wants it" is how a child
    # might give an account away (the taxonomy's giving_away), and the model reads it so. The
    # detail is still shown to the person who reviews it.
    assert verdict.category in ("personal_info", "crisis")
    reasons = {(r.rule, r.matched) for r in verdict.reasons if r.detector == "personal_info"}
    assert (rule, matched) in reasons
    for reason in verdict.reasons:
        assert text[reason.start : reason.end] == reason.matched


@pytest.mark.parametrize("text", CLEAN)
def test_harmless_number_or_handle_like_post_stays_clean(text):
    assert detect(text) == []
    # Other detectors may have their own view of a post; private details must not be one.
    assert not [r for r in screen(text).reasons if r.detector == "personal_info"]


def test_each_new_kind_is_caught_in_several_phrasings_and_enough_posts_stay_clean():
    for rule in (SOCIAL, GAMER, LOCKER, PASSWORD, ADDRESS):
        assert len([case for case in CAUGHT if case[1] == rule]) >= 5, rule
    assert len(CLEAN) >= 40


def test_a_handle_in_full_width_letters_keeps_its_offsets():
    text = "ｍｙ ｓｎａｐ ｉｓ ｊｅｓｓ．ｋ２２"
    (found,) = detect(text)
    assert (found.rule, text[found.start : found.end]) == (SOCIAL, "ｊｅｓｓ．ｋ２２")


def test_several_details_in_one_post_are_each_highlighted():
    text = "add me on snap its jess.k22 and my locker code is 4-18-32, pw: sunshine99"
    found = [(f.rule, text[f.start : f.end]) for f in detect(text)]
    assert found == [
        (SOCIAL, "jess.k22"),
        (LOCKER, "4-18-32"),
        (PASSWORD, "sunshine99"),
    ]


def test_phone_numbers_emails_and_numbered_addresses_still_win_their_own_names():
    text = "my whatsapp is 07700 900123, email jess@example.com, i live at 12 Oak Road"
    rules = [f.rule for f in detect(text)]
    assert rules == ["Phone number", "Email address", "Home address"]
