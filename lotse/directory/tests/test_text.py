import pytest

from lotse.directory.text import index_tokens, query_groups


@pytest.mark.parametrize(
    ("a", "b"),
    [("Seniorinnen", "Seniorin"), ("Einkaufen", "Einkauf"), ("Beratungen", "Beratung")],
)
def test_inflected_forms_share_a_stem(a, b):
    assert index_tokens(a) == index_tokens(b)


def test_compound_is_indexed_with_its_parts():
    tokens = index_tokens("Einkaufshilfe")

    assert {"einkauf", "hilf"} <= set(tokens)


def test_query_for_compound_requires_its_parts():
    assert query_groups("Einkaufshilfe") == [("einkauf", "hilf")]


def test_plain_question_keeps_only_content_words():
    assert query_groups("Ich brauche Hilfe beim Einkaufen") == [("hilf",), ("einkauf",)]
