import pytest

from lotse.directory.search.text import index_tokens, query_groups


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


def test_compound_of_three_parts_with_linking_sounds_is_split():
    assert index_tokens("Hausbesuchsdienst") == ["hausbesuchsdien", "haus", "besuch", "dien"]


def test_full_width_letters_and_combining_accents_read_as_plain_letters():
    assert index_tokens("Ｓｅｎｉｏｒｅｎ") == index_tokens("Senioren")
    assert index_tokens("Cafe\u0301") == index_tokens("Café")


def test_over_long_words_are_left_out():
    assert index_tokens("a" * 41 + " Chor") == index_tokens("Chor")


def test_stop_words_of_plain_questions_are_left_out():
    assert query_groups("Ich brauche Hilfe, weil ich nicht mehr gut laufen kann") == [
        ("hilf",),
        ("lauf",),
    ]
