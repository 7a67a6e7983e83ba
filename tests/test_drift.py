"""Drift: the severity of a change of the English, and the word diff a translator reads."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transkit.core.sync.drift import classify, harmless, word_diff
from transkit.core.sync.model import Severity

JULY = (
    "Following the trilateral meeting between Foreign Ministers of Russia, Armenia and "
    "Azerbaijan in Moscow on 19 July, Lavrov made a statement endorsing the demands of the "
    "Azerbaijani side."
)
DECEMBER = (
    "In December 2020, the Russian peacekeepers did not prevent the capture of Khtsaberd and "
    "Hin Tagher, the last two Armenian villages in Hadrut region."
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("the security of Armneians in Nagorno-Karabakh", "the security of Armenians in "
         "Nagorno-Karabakh"),
        ("It| generated a debate", "It generated a debate"),
        ("the acess to Nagorno-Karabakh", "the access to Nagorno-Karabakh"),
        ("a favourable resolution of the conflict", "a favorable resolution of the conflict"),
        ("in summer 2022 .", "in summer 2022."),
        ("Russian peacekeepers; however", "Russian peacekeepers, however"),
    ],
)
def test_typo_and_punctuation_fixes_are_minor(old: str, new: str) -> None:
    drift = classify(old, new)
    assert drift.severity is Severity.MINOR
    assert drift.reasons == ("spelling or punctuation",)


def test_a_changed_year_is_critical() -> None:
    drift = classify("the 2020 war and its consequences", "the 2021 war and its consequences")
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == ("number changed: 2020 → 2021",)
    assert drift.diff == "the [-2020-]{+2021+} war and its consequences"


def test_a_changed_day_is_critical_even_in_a_long_paragraph() -> None:
    drift = classify(JULY, JULY.replace("19 July", "21 July"))
    assert drift.severity is Severity.CRITICAL
    assert "number changed: 19 → 21" in drift.reasons


def test_a_changed_month_is_critical() -> None:
    drift = classify(JULY, JULY.replace("19 July", "19 June"))
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == ("date changed: July → June",)


# A footnote is Title Case where it names a publication, so capitals say nothing about names
# there; its date is a fact all the same (issue 21: "February 2025 -> March 2025" shipped).
FOOTNOTE = ("Human Rights Watch, “Azerbaijan: Armenians Forced Out of Nagorno-Karabakh”, "
            "{month} 2025, https://www.hrw.org/news/2025/armenians.")


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (FOOTNOTE.format(month="February"), FOOTNOTE.format(month="March"),
         "date changed: February → March"),
        ("February 2025: the talks resumed.", "March 2025: the talks resumed.",
         "date changed: February → March"),
        ("The Talks Of Monday Night", "The Talks Of Tuesday Night",
         "date changed: Monday → Tuesday"),
        ("**Update Feb 05, 2024** It has been two years.",
         "**Update Mar 05, 2024** It has been two years.", "date changed: Feb → Mar"),
        ("the ministers met in May to sign it", "the ministers met in June to sign it",
         "date changed: May → June"),
    ],
)
def test_a_changed_month_or_weekday_is_critical_wherever_it_stands(
    old: str, new: str, reason: str
) -> None:
    drift = classify(old, new)
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == (reason,)


def test_a_month_written_otherwise_is_no_date_change() -> None:
    drift = classify("**Update Feb 5, 2024** It has been two years.",
                     "**Update February 5, 2024** It has been two years.")
    assert drift.severity is not Severity.CRITICAL


def test_may_opening_a_sentence_is_no_month() -> None:
    drift = classify("May we ask the ministers?", "Might we ask the ministers?")
    assert drift.severity is Severity.SUBSTANTIVE


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("The government adopted three measures.", "The government adopted four measures.",
         "number changed: three → four"),
        ("Three measures were adopted.", "Four measures were adopted.",
         "number changed: Three → Four"),
        ("The government adopted three measures.", "The government adopted 4 measures.",
         "number changed: three → 4"),
        ("twenty-one villages were emptied", "twenty-two villages were emptied",
         "number changed: twenty-one → twenty-two"),
        ("a million people", "a billion people", "number changed: million → billion"),
    ],
)
def test_a_changed_spelled_out_number_is_critical(old: str, new: str, reason: str) -> None:
    drift = classify(old, new)
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == (reason,)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The government adopted three measures.", "The government adopted 3 measures."),
        ("twenty-one villages were emptied", "21 villages were emptied"),
        ("on 05 July", "on 5 July"),
    ],
)
def test_the_same_number_written_otherwise_is_minor(old: str, new: str) -> None:
    assert classify(old, new).severity is Severity.MINOR


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # kubernetes/website's history: a link added to an unchanged title
        ("Understanding Kubernetes Objects",
         "Understanding Kubernetes [Objects](/docs/concepts/overview/working-with-objects/)"),
        ("Kubernetes [Objects](/docs/concepts/overview/working-with-objects/) are persistent.",
         "Kubernetes [Objects](/docs/concepts/overview/kubernetes-api/) are persistent."),
        ("Run `kubectl get Pods` to list them.", "Run `kubectl get Nodes` to list them."),
        ('A {{< glossary_tooltip term_id="Pod" >}} runs.',
         'A {{< glossary_tooltip term_id="Node" >}} runs.'),
        ("See <a href=\"https://example.org/Moscow\">the report</a> on it.",
         "See <a href=\"https://example.org/Ankara\">the report</a> on it."),
    ],
)
def test_names_are_read_from_the_words_never_from_link_targets_or_markup(
    old: str, new: str
) -> None:
    drift = classify(old, new)
    assert not any(reason.startswith("name changed") for reason in drift.reasons), drift


def test_a_name_in_a_text_parameter_or_a_link_text_is_a_name() -> None:
    drift = classify('the {{< glossary_tooltip text="Moscow talks" term_id="talks" >}} ended',
                     'the {{< glossary_tooltip text="Ankara talks" term_id="talks" >}} ended')
    assert drift.reasons == ("name changed: Moscow → Ankara",)
    drift = classify("the talks in [Moscow](/places/) ended", "the talks in [Ankara](/places/) "
                     "ended")
    assert drift.reasons == ("name changed: Moscow → Ankara",)


@pytest.mark.parametrize(
    ("old", "new", "harmless_change"),
    [
        ("Context and Configuration", "Context and configuration", True),
        ("in summer 2022 .", "in summer 2022.", True),
        ("Russian peacekeepers; however", "Russian peacekeepers, however", True),
        ("talk to us", "talk to US", False),  # another word
        ("the acess to Nagorno-Karabakh", "the access to Nagorno-Karabakh", False),  # spelling
        ("a **b** c", "a b c", False),  # markup: the translation must follow
        ("see [the report](/a/) here", "see [the report](/b/) here", False),
        ("1,000 people", "1.000 people", False),  # another number
        ("e-mail us", "email us", False),
        ("The government adopted three measures.", "The government adopted 3 measures.", False),
    ],
)
def test_harmless_is_case_punctuation_and_spacing_alone(
    old: str, new: str, harmless_change: bool
) -> None:
    assert harmless(old, new) is harmless_change


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("the Russian peacekeepers did prevent the capture",
         "the Russian peacekeepers did not prevent the capture"),
        ("the Russian peacekeepers did not prevent the capture",
         "the Russian peacekeepers did prevent the capture"),
        ("the peacekeepers could stop it", "the peacekeepers couldn't stop it"),
        ("with international guarantees", "without international guarantees"),
    ],
)
def test_a_flipped_negation_is_critical(old: str, new: str) -> None:
    drift = classify(old, new)
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == ("negation changed",)


def test_a_changed_place_name_is_critical() -> None:
    drift = classify(
        "the trilateral meeting in Moscow on that day",
        "the trilateral meeting in Ankara on that day",
    )
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == ("name changed: Moscow → Ankara",)
    assert drift.diff == "the trilateral meeting in [-Moscow-]{+Ankara+} on that day"


@pytest.mark.parametrize(("old", "new"), [("Iran", "Iraq"), ("Austria", "Australia")])
def test_names_close_in_spelling_are_still_different_names(old: str, new: str) -> None:
    drift = classify(f"talks held in {old} last week", f"talks held in {new} last week")
    assert drift.severity is Severity.CRITICAL


def test_a_new_name_is_critical() -> None:
    drift = classify("the talks were moved to a neutral place",
                     "the talks were moved to Sofia, a neutral place")
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == ("name changed: ∅ → Sofia",)


def test_a_name_that_only_moves_is_no_name_change() -> None:
    drift = classify(
        "In April the checkpoint was set up by Azerbaijani border services.",
        "In April Azerbaijani border services set up the checkpoint.",
    )
    assert drift.severity is Severity.SUBSTANTIVE


def test_the_word_that_opens_a_sentence_is_not_a_name() -> None:
    drift = classify("The Russian role in the war", "Russia’s role in the war")
    assert drift.severity is Severity.SUBSTANTIVE
    drift = classify("It was late. The talks failed.", "It was late. Those talks failed.")
    assert drift.severity is Severity.SUBSTANTIVE


def test_title_case_capitals_are_not_names() -> None:
    old = "Russia’s Complicity in the Failure of Peacebuilding and Peacekeeping in Nagorno-Karabakh"
    drift = classify(old, old.replace("Peacebuilding and ", ""))
    assert drift.severity is Severity.SUBSTANTIVE
    assert drift.reasons == ("2 of 11 words changed",)


def test_a_rewrite_is_substantive() -> None:
    old = (
        "In April, the protesters were replaced by Azerbaijani border services who established "
        "a checkpoint, replacing Russian peacekeepers who remained but lost their function to "
        "manage access to and exit from Nagorno-Karabakh."
    )
    new = (
        "In April, Azerbaijani border guards took over from the protesters and set up a "
        "checkpoint; the Russian peacekeepers stayed, but control over who could enter or "
        "leave Nagorno-Karabakh had passed to the border guards."
    )
    drift = classify(old, new)
    assert drift.severity is Severity.SUBSTANTIVE
    assert drift.reasons == ("25 of 34 words changed",)


def test_words_changed_never_exceed_the_words_there_are() -> None:
    old = "Russia’s collaboration with Azerbaijan"
    drift = classify(old, f"{old} to carry out creeping ethnic cleansing")
    assert drift.reasons == ("6 of 10 words changed",)
    assert drift.diff == f"{old} {{+to carry out creeping ethnic cleansing+}}"


def test_the_same_words_are_minor_drift() -> None:
    # two paragraphs merged as they were: the English did not change, only its division
    drift = classify("One sentence. Another sentence.", "One sentence.  Another\nsentence.")
    assert drift.severity is Severity.MINOR
    assert drift.reasons == ("no word changed",)
    assert drift.diff == "One sentence. Another sentence."


def test_a_part_of_a_split_paragraph_says_so() -> None:
    first = "A month after the ceasefire deal, Russian peacekeepers started allowing it."
    drift = classify(f"{first} {DECEMBER}", first)
    assert drift.reasons[0].startswith("part of the old text, 11 of 35 words")
    # the translation still holds the other part's year, negation and names
    assert drift.severity is Severity.CRITICAL
    assert "number changed: 2020 two → ∅" in drift.reasons
    assert "date changed: December → ∅" in drift.reasons
    assert "negation changed" in drift.reasons
    # the diff keeps 8 words of context before the change
    assert drift.diff == "… " + " ".join(first.split()[-8:]) + f" [-{DECEMBER}-]"


def test_a_part_is_critical_even_without_facts_of_its_own() -> None:
    """Its translation also says the other part: shipped, that part would be printed twice."""
    drift = classify("The talks went on. They went on and on.", "They went on and on.")
    assert drift.severity is Severity.CRITICAL
    assert drift.reasons == (
        "part of the old text, 5 of 9 words: the translation also holds the other part",
    )


def test_a_cut_inside_a_sentence_is_not_a_part() -> None:
    drift = classify("Reportedly, the talks went on.", "the talks went on.")
    assert not any(r.startswith("part of") for r in drift.reasons)


@pytest.mark.parametrize(
    ("old", "new", "diff"),
    [
        ("a b c", "a b c", "a b c"),
        ("a b c", "a x c", "a [-b-]{+x+} c"),
        ("a b c", "a c", "a [-b-] c"),
        ("a c", "a b c", "a {+b+} c"),
        ("a b c d", "a x y d", "a [-b c-]{+x y+} d"),
        ("a b", "c d", "[-a b-]{+c d+}"),
        ("", "new words", "{+new words+}"),
        ("old words", "", "[-old words-]"),
        ("a  b\nc", "a b c", "a b c"),
    ],
)
def test_word_diff_notation(old: str, new: str, diff: str) -> None:
    assert word_diff(old, new) == diff


_TOKEN = st.text(alphabet="abcxyz.,", min_size=1, max_size=4)


def _side(diff: str, keep: str) -> list[str]:
    """The old (keep="-") or new (keep="+") words read back from a wdiff string."""
    drop = r"\{\+.*?\+\}" if keep == "-" else r"\[-.*?-\]"
    text = re.sub(drop, " ", diff)
    text = re.sub(r"\[-|-\]|\{\+|\+\}", " ", text)
    return text.split()


@pytest.mark.slow  # a long property search
@settings(max_examples=200, deadline=None)
@given(st.lists(_TOKEN, max_size=12), st.lists(_TOKEN, max_size=12))
def test_word_diff_holds_both_texts(old: list[str], new: list[str]) -> None:
    diff = word_diff(" ".join(old), " ".join(new))
    assert _side(diff, "-") == old
    assert _side(diff, "+") == new
    # a replacement is one change, [-old-]{+new+}, never two neighbouring ones
    assert not re.search(r"(-\]|\+\}) (\[-|\{\+)", diff)


def test_context_cuts_long_unchanged_runs() -> None:
    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "W20")
    assert word_diff(old, new, context=3) == "… w17 w18 w19 [-w20-]{+W20+} w21 w22 w23 …"
    assert word_diff(old, new) == old.replace("w20", "[-w20-]{+W20+}")
    assert word_diff(old, old, context=3) == old  # nothing changed: the text itself


_TOKENS = ["the", "war", "Moscow", "Ankara", "not", "in", "2020", "2021", "Armenians",
           "Armneians", "peace.", "It", "talks", "did", "never", "Iran", "Iraq", "and"]


@pytest.mark.slow  # a long property search
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=12),
       st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=12))
def test_is_critical_agrees_with_classify(a: list[str], b: list[str]) -> None:
    from transkit.core.sync.drift import is_critical

    old, new = " ".join(a), " ".join(b)
    assert is_critical(old, new) == (classify(old, new).severity is Severity.CRITICAL)
