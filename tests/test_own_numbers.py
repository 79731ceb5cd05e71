"""Each student's own numbers: the contract's ranges, the published numbers, the id check."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from autograder.own_numbers import (
    DIFFERS,
    MATCHES,
    NO_ID_GIVEN,
    NOT_STATED,
    OPTION_ORDERS,
    PUBLISHED,
    ROOT_PAIRS,
    START_POINTS,
    IdCheck,
    draw,
    normalise_id,
    numbers_for,
    read_claim,
)

IDS = [f"student{i:04d}" for i in range(3000)]


def test_without_an_id_the_contract_s_published_numbers_hold():
    for nothing in (None, "", "   ", "\t\n"):
        assert numbers_for(nothing) == PUBLISHED
    assert PUBLISHED.start == (1, 2)
    assert PUBLISHED.roots == (-1, 2)
    assert PUBLISHED.d2l5_order == ("a", "b", "c", "d")
    assert PUBLISHED.published and PUBLISHED.letter_of("b") == "b"


def test_the_ranges_are_the_contract_s():
    assert len(START_POINTS) == 36
    assert all(-3 <= v <= 3 and v != 0 for p in START_POINTS for v in p)
    assert len(ROOT_PAIRS) == 6
    for a, b in ROOT_PAIRS:
        assert a < 0 < b and abs(a) <= 3 and b <= 3 and abs(a) != abs(b)
    assert sorted(OPTION_ORDERS) == sorted({tuple(o) for o in OPTION_ORDERS})
    assert len(OPTION_ORDERS) == 24 and all(sorted(o) == list("abcd") for o in OPTION_ORDERS)


def test_the_derivation_is_the_documented_one():
    # SHA-256 of "item:normalised id", first 8 bytes big-endian, modulo n
    digest = hashlib.sha256(b"ps2-start:jdoe42").digest()
    assert draw(" JDoe42 ", "ps2-start", 36) == int.from_bytes(digest[:8], "big") % 36
    n = numbers_for("jdoe42")
    assert n.start == START_POINTS[draw("jdoe42", "ps2-start", 36)]
    assert n.roots == ROOT_PAIRS[draw("jdoe42", "ps3-quartic", 6)]
    assert n.d2l5_order == OPTION_ORDERS[draw("jdoe42", "ps3-d2l5-order", 24)]


def test_the_numbers_depend_on_the_id_only_as_normalised():
    assert numbers_for("  Alice ") == numbers_for("alice") == numbers_for("ALICE")
    assert numbers_for(12345) == numbers_for("12345")
    assert normalise_id("  Ünïcode\t") == "ünïcode"
    assert numbers_for("alice") != numbers_for("carol")


def test_every_value_is_drawn_and_none_is_favoured():
    """Over 3000 ids every start, polynomial and order occurs, none far more than its share."""
    for attribute, values in (
        ("start", START_POINTS),
        ("roots", ROOT_PAIRS),
        ("d2l5_order", OPTION_ORDERS),
    ):
        counts = Counter(getattr(numbers_for(i), attribute) for i in IDS)
        assert set(counts) == set(values), attribute
        share = len(IDS) / len(values)
        assert max(counts.values()) < 1.6 * share and min(counts.values()) > 0.5 * share


def test_two_students_get_different_numbers():
    alice, carol = numbers_for("alice"), numbers_for("carol")
    assert alice.start != carol.start
    assert alice.roots != carol.roots
    assert alice.letter_of("b") != carol.letter_of("b")


@pytest.mark.parametrize(
    ("submitter", "claimed", "status", "flagged"),
    [
        ("alice", "alice", MATCHES, False),
        ("alice", "carol", DIFFERS, True),
        ("alice", None, NOT_STATED, True),
        (None, "alice", NO_ID_GIVEN, False),
        (None, None, NO_ID_GIVEN, False),
    ],
)
def test_the_id_check(submitter, claimed, status, flagged):
    check = IdCheck(submitter, claimed)
    assert check.status == status and check.flagged is flagged
    note = check.note(("STEPS_SCALED",))
    if status == MATCHES or (submitter is None and claimed is None):
        assert note is None
    else:
        assert note and "STEPS_SCALED" in note
    if status == DIFFERS:
        assert "'carol'" in note and "'alice'" in note and "Instructor" in note
    assert check.shown() == numbers_for(claimed)


def test_reading_the_claim():
    assert read_claim(" Alice ") == ("alice", "")
    assert read_claim(12345) == ("12345", "")
    assert read_claim("") == (None, "")
    assert read_claim(None, missing=True) == (None, "STUDENT_ID is not defined")
    assert read_claim(True) == (None, "STUDENT_ID is not a string")
    assert read_claim(Ellipsis) == (None, "STUDENT_ID is not a string")
