"""Which addresses may be fetched from: the host is resolved and every address it has is checked, on every hop.

Private networks and loopback are refused unless `FetchSettings.allow_private_hosts` is set; link-local (which holds
the 169.254.169.254 cloud-metadata service), multicast, unspecified, reserved and known metadata addresses always.
The caller connects to the checked addresses itself, so a second DNS answer cannot swap in another (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from .urls import FetchError, check_url

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# cloud metadata services outside the link-local range (AWS IPv6, Alibaba, Oracle)
METADATA = {ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200", "192.0.0.192")}


class HostError(FetchError):
    """The host does not resolve, or resolves to an address that may not be fetched from."""


def refusal(address: Address, allow_private: bool) -> str | None:
    """Why an address may not be fetched from, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return "a cloud-metadata address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_loopback:
        return None if allow_private else "a loopback address"
    if address.is_private or not address.is_global:
        if allow_private and not address.is_reserved:
            return None
        return "a private or reserved address"
    return None


async def _look_up(host: str, port: int) -> list[Address]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise HostError(f"cannot resolve host {host}: {getattr(error, 'strerror', None) or error}") from None
    # scope ids (fe80::1%eth0) are link-local anyway
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    if not addresses:
        raise HostError(f"cannot resolve host {host}")
    return addresses


async def resolve(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses of `host`, in the resolver's order, all checked (to connect to one after another until one
    answers); HostError when it does not resolve or any of them is refused."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        addresses = await _look_up(host, port)
    for address in addresses:
        why = refusal(address, allow_private)
        if why:
            shown = host if str(address) == host.strip("[]") else f"{host} ({address})"
            raise HostError(f"refused to connect to {shown}: {why}", permanent=True)
    return [str(address) for address in addresses]


async def check_host(url: str, allow_private: bool) -> None:
    """HostError unless the host of `url` (checked with `urls.check_url` first) resolves to allowed addresses."""
    from urllib.parse import urlsplit

    parts = urlsplit(check_url(url))
    await resolve(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80), allow_private)
