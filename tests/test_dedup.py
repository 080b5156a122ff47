"""Duplicates: a story reprinted by several sites is one story with several copies."""
from __future__ import annotations

from readout.dedup import Deduplicator, mark_duplicates, normalize_text
from readout.model import Article

STORY = ("The central bank of the fictional republic of Norland raised its main interest rate "
         "by half a point on Thursday, the third increase this year, saying that inflation "
         "remained far above its target and that wages were rising faster than expected. "
         "Economists had forecast a smaller move. The governor told reporters that further "
         "increases could not be ruled out if prices kept climbing through the summer months.")
OTHER = ("Heavy snow closed mountain passes across the northern province on Friday, stranding "
         "hundreds of lorries and forcing schools to shut for the day. Emergency crews worked "
         "through the night to clear the main highway, and officials urged drivers to stay at "
         "home until the weekend, when temperatures are expected to rise again in the valleys.")


def test_exact_copy_ignores_case_spacing_and_punctuation():
    assert normalize_text("Hello,  WORLD!\n") == normalize_text("hello world")
    arts = [Article(id="a", text=STORY), Article(id="b", text=STORY.upper().replace(" ", "  "))]
    assert [a.duplicate_of for a in mark_duplicates(arts)] == [None, "a"]


def test_near_copies_point_to_the_first_seen_and_all_are_kept():
    reprint = "By Staff Writer. " + STORY.replace("Thursday", "Thursday morning") + " Share this."
    arts = [Article(id="site1", text=STORY), Article(id="other", text=OTHER),
            Article(id="site2", text=reprint), Article(id="site3", text=reprint + " More.")]
    marked = list(mark_duplicates(arts))
    assert [a.id for a in marked] == ["site1", "other", "site2", "site3"]
    assert [a.duplicate_of for a in marked] == [None, None, "site1", "site1"]


def test_different_stories_are_not_duplicates():
    dedup = Deduplicator()
    assert dedup.find("x", STORY) is None
    assert dedup.find("y", OTHER) is None
    assert dedup.duplicates == 0


def test_short_texts_only_match_exactly():
    dedup = Deduplicator()
    assert dedup.find("a", "Rain fell on Monday.") is None
    assert dedup.find("b", "Rain fell on Tuesday.") is None
    assert dedup.find("c", "rain fell on monday") == "a"


def test_near_matching_can_be_switched_off():
    reprint = STORY.replace("Thursday", "Friday")
    marked = list(mark_duplicates([Article(id="a", text=STORY), Article(id="b", text=reprint)],
                                  near=False))
    assert marked[1].duplicate_of is None
