import time
import uuid

import redis
from django.core.cache import cache, caches
from django.test import RequestFactory

from lotse.core.tests.test_cache_redis import REDIS_TEST_URL
from lotse.core.throttle import try_allowed


def _request(address: str = "192.0.2.1"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_allows_the_given_tries_then_refuses():
    request = _request()

    answers = [try_allowed(request, "form", tries=3, seconds=60) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_counts_each_address_and_scope_on_its_own():
    first, second = _request("192.0.2.1"), _request("192.0.2.2")
    try_allowed(first, "form", tries=1, seconds=60)

    assert try_allowed(first, "form", tries=1, seconds=60) is False
    assert try_allowed(second, "form", tries=1, seconds=60) is True
    assert try_allowed(first, "other-form", tries=1, seconds=60) is True


def test_the_window_ends_and_the_address_may_try_again(monkeypatch):
    # The process-memory cache reads the clock through time.time.
    request = _request()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    try_allowed(request, "form", tries=1, seconds=60)
    assert try_allowed(request, "form", tries=1, seconds=60) is False

    monkeypatch.setattr(time, "time", lambda: now + 61)

    assert try_allowed(request, "form", tries=1, seconds=60) is True


def test_a_counter_that_expires_between_add_and_incr_starts_again(monkeypatch):
    def expired(key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found")

    monkeypatch.setattr(cache, "incr", expired)

    assert try_allowed(_request(), "form", tries=1, seconds=60) is True


def test_the_counters_are_shared_through_redis(settings):
    prefix = f"lotse-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    request = _request()
    try:
        assert try_allowed(request, "form", tries=1, seconds=60) is True
        # Another app server: a new connection, nothing shared in this process's memory.
        caches["default"].close()
        del caches["default"]

        assert try_allowed(request, "form", tries=1, seconds=60) is False
    finally:
        client = redis.Redis.from_url(REDIS_TEST_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        caches["default"].close()
