"""Where a webhook may be sent: public addresses over https, never the service's own network.

A name is resolved and every address it resolves to is checked, at subscription and again at each
delivery; the delivery then connects to the address it checked (a name that changes its answer in
between, DNS rebinding, cannot steer it elsewhere)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# Cloud metadata services by name; their addresses are link-local or private and refused anyway.
METADATA_HOSTS = {"metadata", "metadata.google.internal", "metadata.azure.internal", "instance-data"}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 forms that carry an IPv4 address a gateway or the host may reach: NAT64 and IPv4-compatible.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# What a path and query may hold as they are; anything else (non-ASCII, spaces, controls) is percent-encoded.
URL_SAFE = "/:@!$&'()*+,;=-._~%?"


class UnsafeTarget(ValueError):
    """The URL may not be called: why, in one sentence."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # ASCII: an IDNA name or an address
    port: int
    path: str  # with the query, percent-encoded
    explicit_port: bool = False

    @property
    def url(self) -> str:
        """The URL as it is called: what a subscription stores."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}{f':{self.port}' if self.explicit_port else ''}{self.path}"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4, IPv4-compatible, Teredo's server)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[0]
    if ip in NAT64 or (ip in IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _refused(ip: Address, allow_loopback: bool) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and (embedded := _embedded_ipv4(ip)) is not None:
        if why := _refused(embedded, allow_loopback):
            return why
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
    host = _ascii_host((parts.hostname or "").rstrip(".").lower())
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeTarget("must be an https URL with a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeTarget("must not carry credentials; verify the signature instead")
    if host in METADATA_HOSTS:
        raise UnsafeTarget(f"{host} is a metadata service")
    path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=URL_SAFE)
    target = Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path, port is not None)
    literal = _literal(host)
    if parts.scheme == "http" and not (allow_loopback and (host == "localhost" or (literal and literal.is_loopback))):
        raise UnsafeTarget("must use https (plain http only to a loopback address in development)")
    if literal is not None and (why := _refused(literal, allow_loopback)):
        raise UnsafeTarget(f"{host} is {why}")
    return target


def _ascii_host(host: str) -> str:
    """The host as DNS and TLS name it: an internationalised name in its IDNA (xn--) form."""
    if host.isascii() or _literal(host) is not None:
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise UnsafeTarget(f"{host} is not a valid host name") from exc


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
            # Not the address itself: the service's name resolution is nobody else's business.
            raise UnsafeTarget(f"{target.host} resolves to {why}")
    return addresses


def check(url: str, allow_loopback: bool) -> str:
    """The URL as it will be called (ASCII host, percent-encoded path); UnsafeTarget when its form or
    its current addresses are unsafe. A name that does not resolve (yet) passes: each delivery checks again."""
    target = parse(url, allow_loopback)
    try:
        resolve(target, allow_loopback)
    except OSError:
        pass
    return target.url
