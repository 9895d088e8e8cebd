"""Who is asking: the client's address as the project's own proxies saw it.

The client is the connecting address, unless that is one of the project's own proxies
(settings.TRUSTED_PROXIES): then the right-most address in X-Forwarded-For that is not a trusted
proxy. Whatever a client writes in the header itself is further left and never read. IPv6
clients are given as their /64 network, which is what one household or office gets.

Used by the rate limits (participation.ratelimit) and by the metrics endpoint (core.health).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as our own proxies saw it; see the module's docstring."""
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    remote = request.META.get("REMOTE_ADDR", "")
    address = _parse(remote)
    if _is_trusted(address, networks):
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            parsed = _parse(hop)
            if not _is_trusted(parsed, networks):
                address = parsed
                remote = hop.strip()
                break
    if address is None:
        return remote
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)
