import pytest

from lotse.people.phonetics import cologne


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # The examples of the published description.
        ("Müller-Lüdenscheidt", "657 52682"),
        ("Breschnew", "17863"),
        ("Wikipedia", "3412"),
        # C at the start: K before A, H, K, L, O, Q, R, U, X; else S.
        ("Carl", "475"),
        ("Celle", "85"),
        ("Christa", "4782"),
        # C after S or Z is S; D and T before C, S, Z are S.
        ("Schulz", "858"),
        ("Dietz", "28"),
        # X is KS, but S after C, K, Q; PH is F.
        ("Alex", "0548"),
        ("Philipp", "351"),
        # A leading vowel keeps its 0; H has no digit; ß is S.
        ("Anna", "06"),
        ("Hans", "068"),
        ("Meißner", "6867"),
        ("", ""),
        ("-- 123", ""),
    ],
)
def test_cologne_codes_as_published(text, code):
    assert cologne(text) == code


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Meier", "Mayer"),
        ("Maier", "Meyer"),
        ("Schmidt", "Schmitt"),
        ("Müller", "Mueller"),
        ("Kaiser", "Keyser"),
        ("Christoph", "Kristof"),
        ("Grete", "Gräte"),
    ],
)
def test_cologne_names_that_sound_alike_share_a_code(one, other):
    assert cologne(one) == cologne(other)


def test_cologne_names_that_sound_different_do_not():
    assert cologne("Müller") != cologne("Miller-Schulz")
    assert cologne("Schneider") != cologne("Schreiner")
