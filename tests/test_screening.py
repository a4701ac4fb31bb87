"""The screener on its own: each detector, the disguises people use, the idioms and negations
that must pass, watched words, offsets into the original text, and the school sets in
tests/data held to their targets so that a regression fails here."""

from __future__ import annotations

import csv
import dataclasses
import random
import re
from pathlib import Path

import pytest

from board.screening import Reason, Verdict, WatchedRule, highlight_spans, model, screen, training
from board.screening import reader as second_reader
from board.screening.model import WEIGHTS_PATH
from board.screening.normalise import normalise

DATA = Path(__file__).parent / "data"


def school_set(filename: str) -> list[dict[str, str]]:
    with (DATA / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def detectors(verdict: Verdict) -> set[str]:
    return {reason.detector for reason in verdict.reasons}


def assert_offsets_point_at_original(text: str, verdict: Verdict) -> None:
    for reason in verdict.reasons:
        assert 0 <= reason.start < reason.end <= len(text)
        assert text[reason.start : reason.end] == reason.matched


# ---------------------------------------------------------------------------------------------
# The interface the rest of the board codes against


def test_clean_text_gives_a_clean_verdict_with_no_reasons():
    verdict = screen("Huge congrats to the netball team!")
    assert verdict == Verdict("clean", None, ())
    assert verdict.clean


def test_verdicts_and_reasons_are_immutable_values():
    verdict = screen("you're such a loser")
    assert verdict.category == "unkind" and not verdict.clean
    assert all(isinstance(reason, Reason) for reason in verdict.reasons)
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.category = "clean"


def test_empty_text_is_clean():
    assert screen("").clean
    assert screen("   \n ").clean


# ---------------------------------------------------------------------------------------------
# Normalisation


@pytest.mark.parametrize(
    ("typed", "reads"),
    [
        ("1d10t", "idiot"),
        ("i.d.i.o.t", "idiot"),
        ("i d i o t", "idiot"),
        ("stuuupid", "stupid"),
        ("l0ser", "loser"),
        ("k y s", "kys"),
        ("$tupid", "stupid"),
        ("b!tch", "bitch"),
        ("f*ck", "fuck"),
        ("ＬＯＳＥＲ", "loser"),
        ("ìdiot", "idiot"),
        ("іdіot", "idiot"),  # Cyrillic і
        ("u r", "you are"),
        ("ur", "your"),
        ("don't", "dont"),
        ("wanna", "want to"),
    ],
)
def test_normalisation_undoes_disguises_and_chat_spelling(typed, reads):
    assert normalise(typed).text == reads


def test_normalised_offsets_map_back_to_what_was_typed():
    text = "Honestly, u r a 1d10t!!"
    norm = normalise(text)
    start = norm.text.index("idiot")
    first, last = norm.span(start, start + len("idiot"))
    assert text[first:last] == "1d10t"


def test_mentions_and_links_never_match_anything():
    for text in (
        "@killerqueen thanks for the notes!",
        "tickets at https://killthelights.example.com/kill-yourself",
        "www.idiotproof.com has good revision videos",
        "email killer99@example.com about the trip",  # personal info, but not unkind
    ):
        verdict = screen(text)
        assert "unkind" not in detectors(verdict) and "crisis" not in detectors(verdict), text


# ---------------------------------------------------------------------------------------------
# Unkind


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("you're such a 1d10t", "1d10t"),
        ("ur a i.d.i.o.t", "i.d.i.o.t"),
        ("you are soooo stuuupid", "stuuupid"),
        ("what a l0ser", "l0ser"),
        ("k y s", "k y s"),
    ],
)
def test_disguised_insults_are_caught_and_highlighted_as_typed(text, typed):
    verdict = screen(text)
    assert verdict.category == "unkind"
    assert any(typed in reason.matched for reason in verdict.reasons)
    assert_offsets_point_at_original(text, verdict)


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        ("kys", "Telling someone to harm themselves", "high"),
        ("go kill yourself", "Telling someone to harm themselves", "high"),
        ("nobody would care if you died", "Telling someone to harm themselves", "high"),
        ("I'll hurt you if you tell Miss", "Threat", "high"),
        ("watch your back", "Threat", "high"),
        ("you're so stupid", "Insult", "medium"),
        ("ur an idiot", "Insult", "medium"),
        ("what a loser", "Insult", "medium"),
        ("nobody likes you", "Leaving someone out", "medium"),
        ("no one wants you here", "Leaving someone out", "medium"),
        ("don't sit with her at lunch", "Leaving someone out", "medium"),
        ("he's such a retard", "Slur", "high"),
    ],
)
def test_unkind_rules_name_what_they_found(text, rule, severity):
    verdict = screen(text)
    assert (verdict.category, verdict.severity) == ("unkind", severity)
    assert rule in {reason.rule for reason in verdict.reasons}


@pytest.mark.parametrize(
    "text",
    [
        "you killed it at the recital",
        "sick solo in the jazz band!",
        "that was insane!!! 3 goals",
        "you're a beast at chess",
        "killer goal in the last minute",
        "bad-ass skateboard trick",
        "that drum solo was stupid good",
        "you smashed it in the 800m",
        "I'm dead 💀 the teachers' dance was the best",
        "i'd never hurt you, you're my best friend",
        "you beat me fair and square at chess",
        "don't kill yourself revising, get some sleep",
        "Don't let him get to you, you're amazing",
        "she's so pretty, I wish I looked like her",
        "what a loser I am, I lost my keys again",
    ],
)
def test_praise_idioms_and_friendly_talk_pass(text):
    assert screen(text).clean, screen(text)


# ---------------------------------------------------------------------------------------------
# Crisis


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("I want to kill myself", "urgent"),
        ("nobody would miss me", "urgent"),
        ("I want to disappear forever", "urgent"),
        ("he hits me", "urgent"),
        ("my friend said she wants to kill herself", "urgent"),
        ("i've been cutting myself again", "urgent"),
        ("how many pills would it take", "urgent"),
        ("im gonna k1ll myself", "urgent"),
        ("I hate myself", "concern"),
        ("everything is pointless", "concern"),
    ],
)
def test_crisis_posts_are_caught_with_their_tier(text, severity):
    verdict = screen(text)
    assert (verdict.category, verdict.severity) == ("crisis", severity)
    assert_offsets_point_at_original(text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt myself",
        "I'm not suicidal, just stressed about exams",
        "this homework is killing me",
        "I'm dying to see the show",
        "you killed it at the recital",
        "I could kill for a pizza",
        "my phone is dead",
        "my mum is going to kill me when she sees my report",
        "i'm hopeless at remembering dates, any tips?",
        "if anyone ever feels like hurting themselves, please talk to a teacher",
        "I cut my finger in food tech",
        "she beat me at chess again",
        "my brother's game character keeps killing himself by jumping off cliffs lol",
        "i'm so tired i could sleep for a week",
    ],
)
def test_negations_and_idioms_are_not_crises(text):
    assert screen(text).category != "crisis", screen(text)


def test_crisis_wins_over_everything_else():
    text = "ur all idiots and i want to die. call 07700 900123"
    verdict = screen(text, [WatchedRule("idiot*", "block")])
    assert (verdict.category, verdict.severity) == ("crisis", "urgent")
    # every detector that fired still explains itself, in order of where it is in the text
    assert {"crisis", "unkind", "personal_info", "watched"} <= detectors(verdict)
    assert [r.start for r in verdict.reasons] == sorted(r.start for r in verdict.reasons)


# ---------------------------------------------------------------------------------------------
# Personal information


@pytest.mark.parametrize(
    ("text", "rule", "matched"),
    [
        ("text me on 07700 900123 after school", "Phone number", "07700 900123"),
        ("call +44 7700 900789", "Phone number", "+44 7700 900789"),
        ("ring (0161) 496 0000", "Phone number", "(0161) 496 0000"),
        ("email me at jess.smith2009@gmail.com", "Email address", "jess.smith2009@gmail.com"),
        ("tom_b at hotmail dot com", "Email address", "tom_b at hotmail dot com"),
        ("i live at 12 Oak Road", "Home address", "12 Oak Road"),
        ("the party is at flat 3, 45 High Street", "Home address", "flat 3, 45 High Street"),
        ("postcode SW1A 1AA", "Postcode", "SW1A 1AA"),
    ],
)
def test_personal_information_is_found(text, rule, matched):
    verdict = screen(text)
    assert verdict.category == "personal_info"
    assert (rule, matched) in {(r.rule, r.matched) for r in verdict.reasons}
    assert_offsets_point_at_original(text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "we won 3-1 on saturday",
        "i was born in 2009",
        "the concert is at 7:30pm",
        "read pages 45-67 for homework",
        "question 7 on page 112",
        "the assembly on 12/05/2024 was great",
        "Call Childline on 0800 1111 if you need to talk",
        "we need 12 people for the road safety project",
        "Year 9 came 2nd in the relay",
    ],
)
def test_numbers_that_are_not_personal_information_pass(text):
    assert screen(text).clean, screen(text)


# ---------------------------------------------------------------------------------------------
# Staff watched words


@pytest.mark.parametrize("action", ["block", "hold", "flag"])
def test_watched_word_actions(action):
    verdict = screen("that party was peak", [WatchedRule("peak", action)])
    assert (verdict.category, verdict.severity) == ("watched", action)
    (reason,) = verdict.reasons
    assert (reason.detector, reason.matched) == ("watched", "peak")


def test_watched_wildcards_and_disguises():
    rules = [WatchedRule("loser*", "flag"), WatchedRule("vape shop", "hold")]
    assert screen("the L0SERS club", rules).severity == "flag"
    assert screen("meet at the vape  shop", rules).severity == "hold"
    assert screen("bruuuh", [WatchedRule("bruh", "flag")]).category == "watched"
    # words are matched whole: "ass" is not found in "class"
    assert screen("see you in class", [WatchedRule("ass", "block")]).clean


def test_watched_precedence():
    block = [WatchedRule("peak", "block")]
    hold = [WatchedRule("peak", "hold")]
    assert screen("you're such an idiot, peak", block).category == "watched"
    assert screen("you're such an idiot, peak", hold).category == "unkind"
    assert screen("peak, text me on 07700 900123", hold).category == "personal_info"


def test_watched_words_ignore_mentions_and_links():
    rules = [WatchedRule("killer*", "block")]
    assert screen("thanks @killerqueen", rules).clean
    assert screen("see https://killers.example.com", rules).clean


# ---------------------------------------------------------------------------------------------
# Highlighting


def test_highlight_spans_are_merged_and_point_at_the_original_text():
    text = "U R A L0SER and an 1d10t, text 07700 900123"
    verdict = screen(text)
    spans = highlight_spans(text, verdict)
    assert spans == sorted(spans)
    assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    highlighted = [text[start:end] for start, end in spans]
    assert any("L0SER" in part for part in highlighted)
    assert any("1d10t" in part for part in highlighted)
    assert any("07700 900123" in part for part in highlighted)


def test_any_text_gets_a_verdict_whose_offsets_fit_it():
    pieces = [
        "you",
        "r",
        "so",
        "stupid",
        "1d10t",
        "k",
        "y",
        "s",
        "i",
        "want",
        "to",
        "die",
        "not",
        "never",
        "@killerqueen",
        "https://x.example.com/kill",
        "07700",
        "900123",
        "12",
        "Oak",
        "Road",
        "ＬＯＳＥＲ",
        "i\u0301",
        "💀",
        "🔥",
        "\u200b",
        "!",
        ".",
        ",",
        "*",
        "$",
        "'",
        "\n",
        "ß",
        "İ",
        "ﬁ",
        "l0ser",
        "stuuupid",
        "my",
        "friend",
        "said",
        "she",
        "kill",
        "herself",
    ]
    rng = random.Random(2017)
    for _ in range(300):
        text = "".join(
            rng.choice(pieces) + rng.choice([" ", "", ".", "  "]) for _ in range(rng.randint(1, 30))
        )
        verdict = screen(text, [WatchedRule("lo*ser*", "flag")])
        assert verdict.category in (
            "clean",
            "crisis",
            "unkind",
            "personal_info",
            "language",
            "watched",
        )
        assert_offsets_point_at_original(text, verdict)
        spans = highlight_spans(text, verdict)
        assert all(0 <= start < end <= len(text) for start, end in spans)


# ---------------------------------------------------------------------------------------------
# The statistical model


def test_model_weights_are_small_and_the_app_does_not_need_scikit_learn():
    assert WEIGHTS_PATH.stat().st_size < 2_500_000
    package = Path(WEIGHTS_PATH).parent
    for source in package.glob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+(sklearn|scipy|numpy)", source.read_text(), re.M)


def test_the_second_reader_reads_only_posts_the_linear_model_is_unsure_of(monkeypatch):
    calls = []

    class Reader:
        def probabilities(self, text):
            calls.append(text)
            return [0.0, 0.0, 0.0, 1.0]

    monkeypatch.setattr(second_reader, "shipped", Reader)
    plain = [1.0 - model.READER_GATE / 2, model.READER_GATE / 2, 0.0, 0.0]
    assert model.blend("thanks for the help with maths", plain) == plain
    assert calls == []
    unsure = [0.7, 0.1, 0.1, 0.1]
    blended = model.blend("ive sorted out who gets my things", unsure)
    assert calls == ["ive sorted out who gets my things"]
    share = model.READER_SHARE
    assert blended == pytest.approx(
        [0.7 * (1 - share), 0.1 * (1 - share), 0.1 * (1 - share), share + 0.1 * (1 - share)]
    )


def test_without_its_files_the_screener_runs_on_the_linear_model_alone(monkeypatch):
    monkeypatch.setattr(second_reader, "shipped", lambda: None)
    unsure = [0.7, 0.1, 0.1, 0.1]
    assert model.blend("anything", unsure) == unsure
    assert screen("thank you for the cake, it was amazing").clean


def test_the_shipped_reader_hears_a_paraphrased_goodbye():
    reader = second_reader.shipped()
    assert reader is not None
    probabilities = reader.probabilities(
        normalise("ive given my games to my cousin and written letters for mum and dad").text
    )
    assert sum(probabilities) == pytest.approx(1.0)
    assert probabilities[model.URGENT] > 0.5
    assert reader.probabilities("well done on the match, you were brilliant")[model.CLEAN] > 0.9


def test_model_adds_recall_and_explains_itself_with_words_from_the_post():
    text = "you're such a try hard, no wonder nobody rates you lmao"
    verdict = screen(text)
    assert verdict.category == "unkind"
    model_reasons = [r for r in verdict.reasons if r.detector == "model"]
    for reason in model_reasons:
        assert reason.rule == "Sounds unkind (model)"
    assert_offsets_point_at_original(text, verdict)


# ---------------------------------------------------------------------------------------------
# The school sets, held to the targets


@pytest.fixture(scope="module")
def judged():
    sets = {
        name: school_set(f"school_{name}.tsv")
        for name in ("positive", "near_miss", "unkind", "crisis", "personal_info")
    }
    return {name: [(row, screen(row["text"])) for row in rows] for name, rows in sets.items()}


def test_school_sets_are_big_enough(judged):
    assert len(judged["positive"]) >= 150
    assert len(judged["unkind"]) >= 60
    assert len(judged["crisis"]) >= 60
    assert len(judged["near_miss"]) >= 60


def test_crisis_recall_on_the_crisis_set(judged):
    caught = [v.category == "crisis" for _, v in judged["crisis"]]
    assert sum(caught) / len(caught) >= 0.95


def test_no_positive_or_idiomatic_post_is_a_crisis(judged):
    assert [row["text"] for row, v in judged["positive"] if v.category == "crisis"] == []


def test_few_negated_near_misses_are_crises(judged):
    flagged = [row["text"] for row, v in judged["near_miss"] if v.category == "crisis"]
    assert len(flagged) / len(judged["near_miss"]) <= 0.05, flagged


def test_unkind_recall_on_the_unkind_set(judged):
    caught = [v.category == "unkind" for _, v in judged["unkind"]]
    assert sum(caught) / len(caught) >= 0.90


def test_positive_posts_are_almost_never_flagged(judged):
    flagged = [row["text"] for row, v in judged["positive"] if not v.clean]
    assert len(flagged) / len(judged["positive"]) <= 0.02, flagged


def test_the_model_never_calls_praise_support_or_near_misses_unkind(judged):
    flagged = [
        row["text"]
        for name in ("positive", "near_miss")
        for row, v in judged[name]
        if any(r.rule == "Sounds unkind (model)" for r in v.reasons)
    ]
    assert flagged == []


def test_personal_info_set(judged):
    wrong = [row["text"] for row, v in judged["personal_info"] if v.category != row["label"]]
    assert wrong == []


@pytest.mark.parametrize(
    "filename",
    ["school_fresh.tsv", "school_holdout.tsv", "school_unseen.tsv", "school_final_check.tsv"],
)
def test_sets_written_after_tuning_stay_right(filename):
    rows = school_set(filename)
    wrong = [row["text"] for row in rows if screen(row["text"]).category != row["label"]]
    assert len(wrong) / len(rows) <= 0.05, wrong


def test_every_reason_in_the_school_sets_points_at_the_original_text(judged):
    for rows in judged.values():
        for row, verdict in rows:
            assert_offsets_point_at_original(row["text"], verdict)


# ---------------------------------------------------------------------------------------------
# The learned screener: the examples, and each sub-type of the taxonomy on posts that
# were never in its training data (corpus/heldout.tsv, written by another author).


def test_a_slice_of_cake_is_not_self_harm():
    assert screen("I cut myself a slice of cake").clean
    assert screen("I cut myself a slice of cake after revision, best reward").clean


def test_a_denial_beside_other_signs_still_reaches_a_person():
    verdict = screen(
        "I'm not going to kill myself, I've just given my stuff away and written letters to "
        "everyone"
    )
    assert verdict.category == "crisis"
    assert screen("im not suicidal lol just tired of exams").clean


def test_a_negated_feeling_is_not_a_crisis_but_a_negation_that_discloses_is():
    assert screen("I haven't been feeling suicidal").clean
    assert screen("I haven't been feeling suicidal since I started talking to someone").clean
    verdict = screen("my boyfriend doesn't care if I kill myself")
    assert (verdict.category, verdict.severity) == ("crisis", "urgent")
    verdict = screen("I haven't told anyone but I want to die")
    assert (verdict.category, verdict.severity) == ("crisis", "urgent")


def test_paraphrase_without_keywords_reaches_an_adult():
    verdict = screen("I've sorted out who gets my things")
    assert verdict.category == "crisis"
    assert any(r.rule == "May be at risk (model)" for r in verdict.reasons)


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("i hate myself and i want to die, ur all idiots", "urgent"),
        ("you're all idiots and honestly i'm worthless, nothing will ever get better", "concern"),
    ],
)
def test_a_crisis_that_also_reads_unkind_is_a_crisis_of_its_tier(text, severity):
    verdict = screen(text)
    assert (verdict.category, verdict.severity) == ("crisis", severity)
    assert "unkind" in detectors(verdict)  # the insult is still shown to staff


HELDOUT = training.shipped_heldout()
# What each kind of sub-type must reach on the held-out split: floors a little under what the
# frozen model reached (bench/README.md), so a regression fails here. Crisis: reaching a person.
FLOORS = {
    "urgent": 0.5,
    "concern": 0.5,
    "unkind": 0.2,
    "clean": 0.8,
    "personal_info": 0.85,
    "not_english": 0.9,
}


@pytest.fixture(scope="module")
def heldout_judged():
    return [(example, training.category_of(screen(example.text))) for example in HELDOUT]


@pytest.mark.parametrize("subtype", sorted({example.subtype for example in HELDOUT}))
def test_each_sub_type_of_the_taxonomy_on_posts_not_in_training(subtype, heldout_judged):
    judged = [(e, said) for e, said in heldout_judged if e.subtype == subtype]
    label = judged[0][0].label
    if label in ("urgent", "concern"):
        right = [said in ("urgent", "concern") for _, said in judged]
    else:
        right = [said == label for _, said in judged]
    assert len(judged) >= 10
    # The misses are not printed: the held-out posts are not for reading and fixing.
    assert sum(right) / len(right) >= FLOORS[label], f"{sum(right)} of {len(right)}"


def test_held_out_and_fresh_posts_are_not_in_the_training_data():
    def key(text: str) -> str:
        return normalise(text).text

    trained = {key(example.text) for example in training.shipped_training()}
    evaluation = ("fresh.tsv", "heldout_b.tsv", "fresh_b.tsv", "fresh_c.tsv")
    paths = [training.HELDOUT] + [training.CORPUS / name for name in evaluation]
    for path in [path for path in paths if path.exists()]:
        overlap = [e.text for e in training.read_examples(path) if key(e.text) in trained]
        assert overlap == [], path
