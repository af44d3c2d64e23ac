"""The internal-address rule (storytrace.netsafety) shared by URL fetching and the online citation check."""

from __future__ import annotations

import ipaddress
import socket

from storytrace.netsafety import address_refusal, find_internal_address, is_internal_address, url_refusal


def test_fetching_uses_the_same_rule():
    from storytrace import netsafety
    from storytrace.ingest.fetch import address_refusal as from_fetch

    assert from_fetch is netsafety.address_refusal


def _resolver(address: str):
    """A stand-in for socket.getaddrinfo that resolves every name to ``address``."""
    def resolve(host, port, type=0):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
    return resolve


def test_internal_addresses_every_kind_and_both_forms_of_mapped_ipv4():
    for text in ("10.1.2.3", "127.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1", "240.0.0.1", "::1", "fe80::1",
                 "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"):
        assert is_internal_address(ipaddress.ip_address(text)), text
    for text in ("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"):
        assert not is_internal_address(ipaddress.ip_address(text)), text


def test_host_names_are_judged_by_what_they_resolve_to():
    assert find_internal_address("news.example", 80, _resolver("10.0.0.7")) == ipaddress.ip_address("10.0.0.7")
    assert find_internal_address("news.example", 80, _resolver("93.184.215.14")) is None
    assert url_refusal("https://news.example/a", False, _resolver("fe80::1%1"))[0] == "refused_address"
    assert url_refusal("https://news.example/a", True, _resolver("10.0.0.7")) is None
    assert url_refusal("ftp://news.example/a", True) == ("fetch_failed", "ftp://news.example/a is not an http(s) URL")


def test_unresolvable_host_is_a_fetch_failure_even_when_its_name_says_private():
    def fail(host, port, type=0):
        raise socket.gaierror("Name or service not known")

    reason, detail = url_refusal("http://private.example/x", False, fail)
    assert (reason, detail) == ("fetch_failed", "private.example does not resolve: Name or service not known")
    assert address_refusal("http://127.0.0.1:8000/x", allow_private=False).endswith("a private/loopback/link-local/reserved address")
