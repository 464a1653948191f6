"""Where a webhook may be sent: public addresses over https, never the service's own network.

A name is resolved and every address it resolves to is checked, at subscription and again at each
delivery; the delivery then connects to the address it checked (a name that changes its answer in
between, DNS rebinding, cannot steer it elsewhere)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

# Cloud metadata services by name; their addresses are link-local or private and refused anyway.
METADATA_HOSTS = {"metadata", "metadata.google.internal", "metadata.azure.internal", "instance-data"}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeTarget(ValueError):
    """The URL may not be called: why, in one sentence."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query


def _refused(ip: Address, allow_loopback: bool) -> str | None:
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if ip.is_multicast or not ip.is_global:
        return "a private or reserved address"
    return None


def parse(url: str, allow_loopback: bool) -> Target:
    """The URL's parts, or UnsafeTarget when its form is refused (scheme, credentials, host)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget(f"not a URL: {exc}") from exc
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeTarget("must be an https URL with a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeTarget("must not carry credentials; verify the signature instead")
    if host in METADATA_HOSTS:
        raise UnsafeTarget(f"{host} is a metadata service")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    target = Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)
    literal = _literal(host)
    if parts.scheme == "http" and not (allow_loopback and (host == "localhost" or (literal and literal.is_loopback))):
        raise UnsafeTarget("must use https (plain http only to a loopback address in development)")
    if literal is not None and (why := _refused(literal, allow_loopback)):
        raise UnsafeTarget(f"{host} is {why}")
    return target


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def resolve(target: Target, allow_loopback: bool) -> list[Address]:
    """Every address the host resolves to, all checked; UnsafeTarget when one is refused.
    OSError when the name does not resolve."""
    infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    for ip in addresses:
        if why := _refused(ip, allow_loopback):
            raise UnsafeTarget(f"{target.host} resolves to {ip}, {why}")
    return addresses


def check(url: str, allow_loopback: bool) -> None:
    """Refuse a URL whose form or whose current addresses are unsafe; a name that does not resolve
    (yet) passes, the delivery checks it again."""
    target = parse(url, allow_loopback)
    try:
        resolve(target, allow_loopback)
    except OSError:
        pass
