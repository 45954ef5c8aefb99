"""The client's address counts only our own proxies' X-Forwarded-For entries, for every user of it."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from upw.core.client_address import client_address

PROXY = "10.0.0.2"


def _request(forwarded: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("198.51.100.7", remote="203.0.113.5")) == "203.0.113.5"


def test_behind_one_proxy_the_client_is_the_rightmost_entry(settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("203.0.113.5")) == "203.0.113.5"


def test_a_forged_leftmost_entry_does_not_change_the_address(settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("198.51.100.7, 203.0.113.5")) == "203.0.113.5"
    assert client_address(_request("1.1.1.1, 8.8.8.8, 203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_client_is_the_second_from_the_right(settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("198.51.100.7, 203.0.113.5, 10.0.0.1")) == "203.0.113.5"


def test_too_few_entries_or_a_value_that_is_not_an_address_falls_back_to_the_connection(settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("203.0.113.5")) == PROXY
    assert client_address(_request("")) == PROXY
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("not-an-address")) == PROXY
    assert client_address(_request("2001:db8::1")) == "2001:db8::1"


def test_axes_takes_the_same_address(settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(_request("198.51.100.7, 203.0.113.5")) == "203.0.113.5"


@pytest.mark.parametrize(
    ("behind_proxy", "count", "expected"), [("", "", "0"), ("1", "", "1"), ("1", "2", "2"), ("", "3", "3")]
)
def test_behind_proxy_alone_means_one_trusted_proxy(behind_proxy, count, expected):
    from tests.test_settings import run_django

    result = run_django(
        "from django.conf import settings as s; print(s.UPW_TRUSTED_PROXY_COUNT)",
        DEBUG="true",
        BEHIND_PROXY=behind_proxy,
        UPW_TRUSTED_PROXY_COUNT=count,
    )
    assert result.stdout.split()[-1:] == [expected], result.stderr
