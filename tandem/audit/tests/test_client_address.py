"""Behind a reverse proxy, the audit trail records the client's address, never a forged one."""

from django.test import RequestFactory

from tandem.audit.chain import client_ip


def request(forwarded=None):
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_it_uses_the_connection_address_when_no_proxy_is_trusted(settings):
    settings.TANDEM_TRUSTED_PROXIES = 0
    assert client_ip(request("203.0.113.9")) == "10.0.0.2"


def test_it_takes_the_address_the_trusted_proxy_saw(settings):
    settings.TANDEM_TRUSTED_PROXIES = 1
    # The client claimed 1.2.3.4; nginx appended the address it really saw.
    assert client_ip(request("1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_it_falls_back_when_the_header_is_missing(settings):
    settings.TANDEM_TRUSTED_PROXIES = 1
    assert client_ip(request()) == "10.0.0.2"
