"""The tantivy copy of the search index: built from the database, catching up from change rows,
and never answering when it might be out of date (search then uses the database)."""

import fcntl

import pytest
from django.core.management import CommandError, call_command

from lotse.directory.models import SearchChange, SearchEntry
from lotse.directory.search import cache as search_cache
from lotse.directory.search import index as search_index


@pytest.fixture
def rebuilds(monkeypatch) -> list[bool]:
    """Records background rebuilds instead of starting a thread."""
    started: list[bool] = []
    monkeypatch.setattr(search_cache, "_rebuild_in_background", lambda: started.append(True))
    return started


def found(tokens: list[str]) -> list[str] | None:
    answer = search_cache.query(tokens=tokens, by_name=True, start=0, stop=20)
    return None if answer is None else [str(hit.service_id) for hit in answer[0]]


def test_missing_copy_answers_none_and_starts_a_rebuild(settings, tmp_path, make_offer, rebuilds):
    settings.LOTSE_SEARCH_INDEX_DIR = str(tmp_path)
    search_cache.reset()
    make_offer("Mittagstisch")

    answer = found(["mittag"])

    assert answer is None
    assert rebuilds == [True]


def test_copy_catches_up_with_a_new_offer(search_cache_on, make_offer):
    offer = make_offer("Mittagstisch")

    answer = search_cache.query(tokens=["mittag"], by_name=False, start=0, stop=20)

    assert answer is not None
    assert [hit.service_id for hit in answer[0]] == [offer.id]
    assert answer[1] == 1


def test_bulk_load_asks_for_a_rebuild(search_cache_on):
    with search_index.bulk_load():
        pass

    assert SearchChange.objects.filter(service_id=None).count() == 1


def test_rebuild_request_makes_the_copy_step_aside(search_cache_on, make_offer, rebuilds):
    make_offer("Mittagstisch")

    SearchChange.objects.create(service_id=None)

    assert found(["mittag"]) is None
    assert rebuilds == [True]


def test_too_many_changes_wait_for_a_rebuild(search_cache_on, make_offer, rebuilds):
    offer = make_offer("Mittagstisch")
    SearchChange.objects.bulk_create(
        [SearchChange(service_id=offer.id) for _ in range(search_cache.CATCH_UP_LIMIT + 1)]
    )

    assert found(["mittag"]) is None
    assert rebuilds == [True]


def test_copy_of_a_recreated_database_is_not_used(search_cache_on, make_offer, rebuilds):
    make_offer("Mittagstisch")
    assert found(["mittag"]) is not None
    build = search_cache._copy.build
    assert build is not None
    (build / "applied").write_text("999999")
    search_cache.reset()

    assert found(["mittag"]) is None
    assert rebuilds == [True]


def test_copy_of_an_earlier_layout_is_rebuilt_and_then_used(search_cache_on, make_offer, rebuilds):
    # An update that changes the copy's layout (cache.SCHEMA_VERSION) finds the build of the
    # version before: search uses the database until the new build is done.
    make_offer("Mittagstisch")
    assert found(["mittag"]) is not None
    build = search_cache._copy.build
    assert build is not None
    (build / "schema").write_text("2")
    search_cache.reset()

    before = found(["mittag"])
    search_cache.rebuild()
    after = found(["mittag"])

    assert before is None
    assert rebuilds == [True]
    assert after is not None and len(after) == 1
    assert search_cache._copy.build != build


def test_copy_steps_aside_while_another_process_writes(search_cache_on, settings, make_offer):
    root = search_cache._root()
    assert root is not None
    make_offer("Mittagstisch")

    with open(root / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        during = found(["mittag"])
        fcntl.flock(handle, fcntl.LOCK_UN)
    after = found(["mittag"])

    assert during is None
    assert after is not None and len(after) == 1


def test_build_command_reports_the_number_of_offers(search_cache_on, make_offer, capsys):
    make_offer("Mittagstisch")
    make_offer("Seniorentreff")

    call_command("search_cache_build")

    assert "mit 2 Angeboten" in capsys.readouterr().out


def test_build_command_fails_without_a_folder(settings):
    settings.LOTSE_SEARCH_INDEX_DIR = ""

    with pytest.raises(CommandError, match="LOTSE_SEARCH_INDEX_DIR"):
        call_command("search_cache_build")


def test_rebuild_command_brings_old_documents_up_to_date(make_offer, capsys):
    offer = make_offer("Mittagstisch")
    SearchEntry.objects.filter(service=offer).update(document=" veraltet ")

    call_command("search_index_rebuild")

    assert "mittag" in SearchEntry.objects.get(service=offer).document
    assert "von 1 Angeboten" in capsys.readouterr().out
