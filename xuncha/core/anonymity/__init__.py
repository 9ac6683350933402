"""What the public's pages share: codes that are stored only as hashes, rate limits held in the cache, a
proof-of-work instead of a CAPTCHA service, QR codes, and the middleware and log filter that keep a visitor's
address, device and precise time out of the database and the logs (issue 14; docs/public-channel.md has the
threat model). Nothing here stores anything per visitor."""

PUBLIC_PREFIX = "/p/"  # every anonymous page lives under this path: the middleware and the log filter key on it


def public_address(path: str, request: object = None) -> str:
    """The address the public uses for a page under /p/, as printed and put into QR codes: `XUNCHA_PUBLIC_URL` when
    the office has set it (the public reaches the instance by another name than the office's network does), else
    the address of the current request, else the bare path."""
    from django.conf import settings

    base = str(getattr(settings, "XUNCHA_PUBLIC_URL", "") or "")
    if base:
        return base.rstrip("/") + path
    build = getattr(request, "build_absolute_uri", None)
    return str(build(path)) if callable(build) else path
