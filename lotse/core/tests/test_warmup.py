import gc

from lotse.core.warmup import freeze_loaded_objects


def test_objects_loaded_at_start_are_frozen():
    try:
        freeze_loaded_objects()

        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
