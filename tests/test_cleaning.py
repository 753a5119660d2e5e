"""Cleaning rules on invented articles: each rule removes its noise and keeps look-alike prose."""

from __future__ import annotations

import pytest

from analysis.ingest.cleaning import clean_text, guess_title, normalise_date, split_paragraphs

BODY = (
    "The harbour authority in Valmora said on Monday that ferry traffic would resume next week, "
    "after repairs to the northern pier were finished ahead of schedule."
)
QUOTE = "“We are ready to reopen,” said Ilse Marten, the port director."


def kinds(cleaned) -> list[str]:
    return [r.kind for r in cleaned.removed]


def paragraphs(cleaned) -> list[str]:
    return cleaned.text.split("\n\n")


def test_paragraphs_are_blank_line_separated_whatever_the_input_newlines():
    cleaned = clean_text(f"{BODY}\r\n{QUOTE}\rLast line of prose here.")
    assert paragraphs(cleaned) == [BODY, QUOTE, "Last line of prose here."]


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    raw = (
        "The council met on Tuesday to discuss the new budget for the\n"
        "coming year, which includes funding for three schools and a\n"
        "bridge over the river.\n\nA second paragraph follows here."
    )
    assert split_paragraphs(raw) == [
        "The council met on Tuesday to discuss the new budget for the coming year, which includes "
        "funding for three schools and a bridge over the river.",
        "A second paragraph follows here.",
    ]


def test_kept_paragraphs_are_verbatim_with_curly_quotes():
    cleaned = clean_text(f"{BODY}\n\n{QUOTE}")
    assert cleaned.text == f"{BODY}\n\n{QUOTE}"
    assert cleaned.removed == ()


def test_date_prefix_becomes_published_and_is_removed():
    cleaned = clean_text(f" date 2024-11-02 {BODY}\n\n{QUOTE}")
    assert cleaned.published == "2024-11-02"
    assert cleaned.text.startswith("The harbour authority")
    assert kinds(cleaned) == ["date_prefix"]


def test_labelled_textual_date_prefix():
    cleaned = clean_text(f"Published: March 4, 2023\n\n{BODY}")
    assert cleaned.published == "2023-03-04"
    assert cleaned.text == BODY


def test_a_date_inside_prose_is_not_a_prefix():
    raw = f"On 2024-11-02 the pier reopened to ferries and small boats.\n\n{BODY}"
    cleaned = clean_text(raw)
    assert cleaned.published is None
    assert cleaned.text.startswith("On 2024-11-02")


def test_impossible_date_is_not_published():
    assert normalise_date("2024-02-30") is None
    assert normalise_date("12 Feb 2024") == "2024-02-12"
    assert normalise_date("2024-02-12T09:30:00Z") == "2024-02-12"


def test_repeated_title_removed_despite_curly_quotes_and_spacing():
    title = "Port director's plan wins council vote"
    cleaned = clean_text(f"Port  director’s plan wins council vote\n\n{BODY}", title=title)
    assert cleaned.text == BODY
    assert kinds(cleaned) == ["repeated_title"]


def test_breadcrumb_glued_to_title_then_title_then_byline():
    title = "Ferry services return to Valmora"
    raw = f"Home Travel {title}\n\n{title}\n\nby editor\n\n{BODY}"
    cleaned = clean_text(raw, title=title)
    assert cleaned.text == BODY
    assert kinds(cleaned) == ["breadcrumb", "repeated_title", "byline"]


def test_breadcrumb_recognised_without_a_known_title():
    raw = "Home Business Ferry services return to Valmora\n\nFerry services return to Valmora\n\n" + BODY
    cleaned = clean_text(raw)
    assert kinds(cleaned)[0] == "breadcrumb"
    assert guess_title(raw) == "Ferry services return to Valmora"


def test_separator_breadcrumb_and_menu_lines():
    raw = "\n\n".join(
        ["Home > World > Europe", "Skip to content", "Share this article", BODY, "Advertisement", QUOTE]
    )
    cleaned = clean_text(raw)
    assert paragraphs(cleaned) == [BODY, QUOTE]
    assert kinds(cleaned) == ["breadcrumb", "navigation", "navigation", "navigation"]


def test_home_in_prose_is_kept():
    text = "Home prices in Valmora rose for a third month, the statistics office said."
    assert clean_text(f"{text}\n\n{BODY}").text == f"{text}\n\n{BODY}"


@pytest.mark.parametrize(
    "line", ["By Jane Doe", "By JANE DOE and OMAR FIELD", "By Maria de la Cruz, Reuters", "by staff writer",
             "Written by: Tomas Reyes"]
)
def test_byline_forms(line):
    cleaned = clean_text(f"{line}\n\n{BODY}")
    assert cleaned.text == BODY
    assert kinds(cleaned) == ["byline"]


def test_sentence_starting_with_by_is_kept():
    text = "By Wednesday, the ferries were running again."
    assert clean_text(f"{BODY}\n\n{text}").text == f"{BODY}\n\n{text}"


def test_related_posts_trailer_and_its_links_are_removed():
    raw = (
        f"{BODY}\n\n{QUOTE}\n\nRelated Articles\n\nNew bridge opens in Corvel\n\n"
        "Storm closes the northern pier again"
    )
    cleaned = clean_text(raw)
    assert paragraphs(cleaned) == [BODY, QUOTE]
    assert kinds(cleaned) == ["related_posts"] * 3


def test_read_more_line_in_the_middle_is_removed_but_the_body_continues():
    raw = f"{BODY}\n\nREAD MORE: Ferry strike ends after two weeks\n\n{QUOTE}"
    cleaned = clean_text(raw)
    assert paragraphs(cleaned) == [BODY, QUOTE]


def test_prose_after_a_related_heading_is_kept():
    prose = (
        "The ministry said the repairs cost less than planned, and that the money saved would go "
        "towards dredging the southern channel next spring."
    )
    cleaned = clean_text(f"{BODY}\n\nRelated Posts\n\n{prose}")
    assert paragraphs(cleaned) == [BODY, prose]


def test_embed_credit_glued_to_the_next_word():
    cleaned = clean_text(f"{BODY}\n\nEmbed from Getty ImagesWhile the ferries waited, crews worked.")
    assert paragraphs(cleaned)[1] == "While the ferries waited, crews worked."
    assert kinds(cleaned) == ["embed_credit"]


@pytest.mark.parametrize(
    "caption",
    [
        "A crane lifts a section of the pier in Valmora on June 3, 2024. Lena Ostrova/via Reuters",
        "Passengers queue at the terminal on Sunday. Social Media/via Reuters",
        "Workers repair the northern pier. (Photo: AP)",
        "The harbour at dawn. Photo by Karl Benz/Getty Images",
        "Ferries wait in the bay. REUTERS/Anna Fiore",
        "The port director speaks to reporters in Valmora. Getty Images",
        "Sailors on the deck. Mark Ruiz/AFP via Getty Images",
    ],
)
def test_photo_captions_ending_in_a_credit_are_removed(caption):
    cleaned = clean_text(f"{BODY}\n\n{caption}\n\n{QUOTE}")
    assert paragraphs(cleaned) == [BODY, QUOTE]
    assert kinds(cleaned) == ["photo_caption"]


@pytest.mark.parametrize(
    "prose",
    [
        "Reuters reported that the ferries would return on Monday.",
        "The vote was 12/3 in favour, the council said.",
        "Officials said talks with the AP were continuing about access to the site.",
        "Talks in Valmora/Corvel ended without agreement on the new timetable.",
    ],
)
def test_prose_mentioning_agencies_or_slashes_is_kept(prose):
    assert clean_text(f"{BODY}\n\n{prose}").text == f"{BODY}\n\n{prose}"


@pytest.mark.parametrize(
    "line",
    [
        "ABC News' Jo Lane, Sam Porter and Ana Ruiz contributed to this report.",
        "Reporting by Jo Lane in Valmora; Editing by Sam Porter",
        "The Associated Press contributed to this report.",
        "(Additional reporting by Ana Ruiz)",
    ],
)
def test_contributor_lines_are_removed(line):
    cleaned = clean_text(f"{BODY}\n\n{QUOTE}\n\n{line}")
    assert paragraphs(cleaned) == [BODY, QUOTE]
    assert kinds(cleaned) == ["contributors"]


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("VALMORA -- ", "VALMORA"),
        ("KYIV, Ukraine (AP) — ", "KYIV"),
        ("MOSCOW (Reuters) - ", "MOSCOW"),
        ("NEW YORK — ", "NEW YORK"),
        ("Corvel, Estland (AP) — ", "Corvel"),
    ],
)
def test_dateline_is_stripped_and_kept(opening, place):
    cleaned = clean_text(f"Short standfirst about the ferries.\n\n{opening}{BODY}")
    assert cleaned.dateline == place
    assert paragraphs(cleaned) == ["Short standfirst about the ferries.", BODY]
    assert kinds(cleaned) == ["dateline"]


@pytest.mark.parametrize("opening", ["UPDATE: ", "Officials - ", "The U.S. - "])
def test_labels_and_prose_are_not_datelines(opening):
    cleaned = clean_text(f"{opening}{BODY}")
    assert cleaned.dateline is None
    assert cleaned.text == f"{opening}{BODY}"


def test_dateline_only_near_the_top():
    late = "ALSO -- a later paragraph that happens to start with capitals."
    raw = "\n\n".join([BODY, QUOTE, BODY, QUOTE, late])
    assert clean_text(raw).dateline is None


def test_quote_split_from_its_attribution_is_rejoined():
    raw = f"{BODY}\n\n“We are ready to reopen,”\n\nMarten said, adding that tickets were on sale."
    expected = "“We are ready to reopen,” Marten said, adding that tickets were on sale."
    assert paragraphs(clean_text(raw))[1] == expected


def test_subheadings_are_kept():
    raw = f"{BODY}\n\nWhat happens next\n\n{QUOTE}"
    assert paragraphs(clean_text(raw)) == [BODY, "What happens next", QUOTE]


def test_guess_title_only_for_headline_like_first_lines():
    headline = "Ferries return to Valmora after repairs"
    assert guess_title(f"{headline}\n{BODY}") == headline
    assert guess_title(f"{BODY}\n{QUOTE}") is None


def test_every_removal_is_accounted_for():
    raw = (
        f"date 2024-01-05 Home News Ferries back\n\nFerries back\n\nBy Jane Doe\n\nVALMORA -- {BODY}\n\n"
        f"Embed from Getty Images\n\nThe pier. Lena Ostrova/via Reuters\n\n{QUOTE}\n\n"
        "Jo Lane contributed to this report.\n\nRelated Posts"
    )
    cleaned = clean_text(raw, title="Ferries back")
    assert paragraphs(cleaned) == [BODY, QUOTE]
    assert sorted(kinds(cleaned)) == sorted(
        ["date_prefix", "breadcrumb", "repeated_title", "byline", "dateline", "embed_credit",
         "photo_caption", "contributors", "related_posts"]
    )


def test_cleaning_a_huge_single_line_is_linear_and_lossless():
    line = ("word " * 400_000).strip()
    cleaned = clean_text(line)
    assert cleaned.text == line
