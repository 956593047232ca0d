"""What nudge_fanout --workspaces prints: the runs of tests/bench/fanout_workspaces.py side
by side, and whether each met its targets (exactly once, no 429, a second tick with nothing
due; with 3 replicas at most 1.05 claim attempts per DM and no slower than one replica)."""

from __future__ import annotations

import os
from collections import Counter

from tests.bench.fanout_workspaces import claims_of, run, summary_of, verdict
from tests.bench.nudge_fanout import counts_of

WIDTH = 26
CLAIMS_TARGET = 1.05


def main(args) -> int:
    """nudge_fanout --workspaces W [--compare] [--kill]: the runs, a table, the verdict."""
    if args.kill:
        counts = [3]
    else:
        counts = [1, args.replicas or 3] if args.compare else [args.replicas or 1]
    kill_after = (args.kill_after or args.people // 5) if args.kill else None
    runs = {f"{n} replica{'s' if n > 1 else ''}{', one killed' if args.kill else ''}":
            run(args.database_url, args.people, args.workspaces, args.rate, args.burst,
                args.workers, n, kill_after=kill_after) for n in counts}
    judged = {name: verdict(r) for name, r in runs.items()}
    print_table(args, runs, judged)
    ok = all([judge(args, name, r, judged[name], kill_after) for name, r in runs.items()])
    if args.compare and not args.kill:
        one, many = runs.values()
        ok = ok and many["wall"] <= one["wall"]
        print(f"{many['replicas']} replicas vs 1: {one['wall'] / many['wall']:.2f}x the "
              f"throughput (target: no slower)")
    print(f"overall {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def print_table(args, runs: dict, judged: dict) -> None:
    first = next(iter(runs.values()))
    print(f"{args.people:,} people over {args.workspaces} workspaces "
          f"({first['per_workspace']} each), limit {args.rate:g}/s per workspace (bursts of "
          f"{args.burst:g}), every replica paced at {first['per_minute']}/min, "
          f"{args.workers} send workers per replica, 1% HTTP 500; load average "
          f"{os.getloadavg()[0]:.1f} at the end (2 cores)")
    rows = (
        ("drain: start to all exits (s)", lambda r, v: f"{r['wall']:.1f}"),
        ("  first to last DM accepted (s)" if not args.kill
         else "  first to last DM, recovery (s)", lambda r, v: f"{r['span']:.1f}"),
        ("minimum the limit allows (s)", lambda r, v: f"{v['minimum']:.1f}"),
        ("ratio to minimum (wall)", lambda r, v: f"{r['wall'] / v['minimum']:.2f}x"),
        ("DMs accepted", lambda r, v: f"{v['sent']:,}"),
        ("claim attempts per DM" + (" (not the killed)" if args.kill else ""),
         lambda r, v: f"{v['claims_per_dm']:.3f}"),
        ("answered 429", lambda r, v: f"{r['statuses'][429]}"),
        ("answered 500", lambda r, v: f"{r['statuses'][500]}"),
        ("duplicates / losses", lambda r, v: f"{v['duplicates']} / {v['losses']}"),
        ("sent per replica", lambda r, v: " / ".join(
            str(counts_of(summary_of(o))["sent"]) if summary_of(o) else "killed"
            for o in r["outputs"])),
    )
    print(f"{'measure':<34}" + "".join(f"{name:>{WIDTH}}" for name in runs))
    for label, cell in rows:
        print(f"{label:<34}" + "".join(f"{cell(r, judged[n]):>{WIDTH}}"
                                       for n, r in runs.items()))


def judge(args, name: str, r: dict, v: dict, kill_after: int | None) -> bool:
    """Print one run's details and whether it met its targets."""
    good = (v["duplicates"] == v["losses"] == v["unknown"] == 0 and v["rows_ok"]
            and v["second_ok"] and r["statuses"][429] == 0)
    if args.kill:
        good = good and r["killed"]
        print(f"{name}: killed after {kill_after:,} DMs; when the others ended: "
              f"{_rows(r['at_end']['rows'])}; {len(r['recovery'])} recovery ticks: "
              f"{v['found']} found in the DM history, {v['resent']} sent again, "
              f"{v['recovered']} sent in all")
    else:
        good = good and all(status == 0 for status in r["exits"])
        good = good and (r["replicas"] == 1 or v["claims_per_dm"] <= CLAIMS_TARGET)
    for i, (out, err) in enumerate(zip(r["outputs"], r["stderr"], strict=True)):
        lines = err.strip().splitlines()
        tail = f"; stderr ({len(lines)} lines): {lines[-1]}" if lines else ""
        print(f"  replica {i + 1}: {summary_of(out) or 'killed'}, {claims_of(out)} "
              f"claims{tail}")
    print(f"{name}: delivery rows {_rows(r['rows'])}; second tick "
          f"{summary_of(r['second'][1]) or '-'}: {'PASS' if good else 'FAIL'}")
    return good


def _rows(rows: Counter) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(rows.items())) or "none"
