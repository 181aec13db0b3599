"""With REDIS_URL the cache lives in Redis, so a lockout on one app server holds on all of
them. Redis runs on the CI machine (127.0.0.1:6379); REDIS_TEST_URL points elsewhere."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.core.cache import caches

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
LOGIN = "/konto/anmelden/"


def _settings_cache(redis_url: str) -> dict:
    """CACHES as config/settings.py builds it for the given REDIS_URL, in a fresh process."""
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_redis_url_chooses_the_redis_cache_and_none_the_process_memory():
    with_redis = _settings_cache("redis://cache.example:6379/0")["default"]
    without = _settings_cache("")["default"]

    assert with_redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert with_redis["LOCATION"] == "redis://cache.example:6379/0"
    assert without["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def redis_cache(settings):
    prefix = f"lotse-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = redis.Redis.from_url(REDIS_TEST_URL)
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    caches["default"].close()


def test_a_lockout_counted_on_one_server_holds_on_another(client, provider_staff, redis_cache):
    redis_client, prefix = redis_cache
    for _ in range(5):
        client.post(LOGIN, {"login": "anbieter@test.de", "password": "falsch-falsch-1"})
    # Another app server: a new connection, nothing shared in this process's memory.
    caches["default"].close()
    del caches["default"]

    response = client.post(LOGIN, {"login": "anbieter@test.de", "password": "pw-for-tests-1"})

    assert list(redis_client.scan_iter(f"{prefix}:*")), "the counters should be in Redis"
    assert "Zu viele Versuche" in response.text
    assert "_auth_user_id" not in client.session
