"""What the public's pages share: codes that are stored only as hashes, rate limits held in the cache, a
proof-of-work instead of a CAPTCHA service, QR codes, and the middleware and log filter that keep a visitor's
address, device and precise time out of the database and the logs (issue 14; docs/public-channel.md has the
threat model). Nothing here stores anything per visitor."""

PUBLIC_PREFIX = "/p/"  # every anonymous page lives under this path: the middleware and the log filter key on it
