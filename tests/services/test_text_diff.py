"""Word-level differences rebuild both texts exactly."""

from hypothesis import given
from hypothesis import strategies as st

from app.services.text_diff import Change, apply_pieces, word_diff


def test_changed_word_is_marked() -> None:
    pieces = word_diff("sales calls within 24 hours", "sales calls within 48 hours")
    assert [(p.change, p.text) for p in pieces if p.change is not Change.SAME] == [
        (Change.REMOVED, "24"), (Change.ADDED, "48")]


@given(st.text(alphabet="ab c\n", max_size=40), st.text(alphabet="ab c\n", max_size=40))
def test_pieces_rebuild_both_sides(before: str, after: str) -> None:
    pieces = word_diff(before, after)
    assert apply_pieces(pieces, Change.REMOVED) == before
    assert apply_pieces(pieces, Change.ADDED) == after
