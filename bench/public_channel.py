"""Benchmark: the public's pages — the receipt code's Argon2id cost, whether a lookup takes the same time for a code
that exists and one that does not, the proof of work in the browser, and ballots per second.

    .venv/bin/python bench/public_channel.py                    # 40 lookups each way, 200 ballots
    .venv/bin/python bench/public_channel.py --lookups 100 --ballots 500

Everything happens in a temporary directory: XUNCHA_VAR_DIR points there before django.setup(), so the database is
a new SQLite file with the demo loaded, and the shipped settings apply (Argon2id t=3, 64 MiB; 16 bits of proof of
work). Measured in this one run:

- `codes.receipt_hash` alone — ms per hash;
- `reporting.services.public_report_lookup` on the demo's open channel, alternating a right code and a wrong one
  (`--lookups` each; the rate limits are cleared between calls) — the ratio of the median times is the claim: near
  1.00 means the answer's timing does not tell whether a code exists;
- `pow.js` in Chromium (`/usr/bin/chromium`, skipped when absent): SHA-256 per second, and the expected time to solve
  a challenge of the default bits (2^bits hashes on average);
- `evaluations.services.ballot_submit` into a fresh evaluation (`--ballots`, each a slip code, the content swap
  included) — ballots per second.

The figures are printed last.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from demo_world import load_demo_into  # bench/demo_world.py, beside this script

ROOT = Path(__file__).resolve().parent.parent


def _pow_rate() -> float | None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    from playwright.sync_api import sync_playwright

    script = (ROOT / "xuncha/core/static/core/pow.js").read_text()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.set_content("<html></html>")
        page.add_script_tag(content=script)
        rate = page.evaluate(
            """() => { const n = 200000, t0 = performance.now();
                for (let i = 0; i < n; i++) window.xunchaPow.firstWord('report.1900000000.0011223344556677.16.x:' + i);
                return n / ((performance.now() - t0) / 1000); }"""
        )
        browser.close()
    return float(rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lookups", type=int, default=40)
    parser.add_argument("--ballots", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xuncha-bench-public-") as tmp:
        print("loading the demo into a new SQLite database …", flush=True)
        load_demo_into(Path(tmp))
        from django.conf import settings
        from django.core.cache import cache

        from xuncha.core.anonymity import codes, pow
        from xuncha.core.errors import ServiceError
        from xuncha.evaluations import services as ev
        from xuncha.inspections.models import Inspection
        from xuncha.planning.models import TeamMembership
        from xuncha.reporting.models import Channel
        from xuncha.reporting.services import public_report_lookup, public_report_submit

        channel = Channel.objects.select_related("inspection").get(inspection__status=Inspection.Status.ON_SITE)
        started = time.perf_counter()
        for i in range(10):
            codes.receipt_hash(f"{i:020d}", scope=channel.token)
        hash_ms = (time.perf_counter() - started) / 10 * 1000

        challenge = pow.challenge_new("report")
        _, code = public_report_submit(
            channel=channel,
            client="bench",
            pow_challenge=challenge,
            pow_solution=pow.solve(challenge),
            content="（基准）反映内容。",
        )
        wrong = codes.new_receipt_code()
        right_s: list[float] = []
        wrong_s: list[float] = []
        for _ in range(args.lookups):
            for typed, times in ((code, right_s), (wrong, wrong_s)):
                cache.clear()
                started = time.perf_counter()
                with contextlib.suppress(ServiceError):  # the wrong code is refused: that is what is timed
                    public_report_lookup(channel=channel, client="bench", code=typed)
                times.append(time.perf_counter() - started)

        inspection = channel.inspection
        actor = TeamMembership.objects.filter(team=inspection.team).order_by("pk").first().user  # type: ignore[union-attr]
        evaluation = ev.evaluation_create(actor=actor, inspection=inspection, template="team_evaluation")
        group = ev.group_add(actor=actor, evaluation=evaluation, name="（基准）全体干部", size=args.ballots)
        evaluation = ev.evaluation_open(actor=actor, evaluation=evaluation)
        started = time.perf_counter()
        slips = ev.slips_issue(actor=actor, group=group, count=args.ballots)
        issue_s = time.perf_counter() - started
        answers = {"team": {item["code"]: "good" for item in evaluation.items}}
        started = time.perf_counter()
        for slip in slips:
            cache.clear()
            ev.ballot_submit(evaluation=evaluation, code=slip, answers=answers, client="bench")
        ballots_s = time.perf_counter() - started

        rate = _pow_rate()
        bits = int(settings.XUNCHA_PUBLIC_POW_BITS)
        right_ms, wrong_ms = statistics.median(right_s) * 1000, statistics.median(wrong_s) * 1000
        print()
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        cost = f"t={settings.XUNCHA_ARGON2_TIME_COST}, {settings.XUNCHA_ARGON2_MEMORY_KIB} KiB"
        print(f"Argon2id ({cost}): {hash_ms:.0f} ms per receipt code")
        print(f"lookup, right code: median {right_ms:.1f} ms; wrong code: median {wrong_ms:.1f} ms "
              f"(ratio right/wrong {right_ms / wrong_ms:.3f}, {args.lookups} each, alternating)")  # fmt: skip
        print(f"slips: {args.ballots} issued in {issue_s:.2f} s; ballots: {args.ballots} in {ballots_s:.2f} s = "
              f"{args.ballots / ballots_s:.0f}/s (SQLite, content swap included)")  # fmt: skip
        if rate is None:
            print("pow.js: skipped (no /usr/bin/chromium)")
        else:
            print(f"pow.js in Chromium: {rate:,.0f} SHA-256/s; {bits} bits ≈ {2**bits / rate:.2f} s on average here")


if __name__ == "__main__":
    main()
