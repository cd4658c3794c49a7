#!/usr/bin/env python3
"""Whether the checkout saga keeps up with `POST /api/orders` load, for bench/run.sh (monolith, SQLite).

`saga.py ORDERING_DB SINCE_EPOCH DEADLINE_SECONDS` reads the Ordering module's SQLite file (read-only) right after the
load: how many of the orders placed since SINCE_EPOCH were still Pending when the load stopped (the backlog), waits
(polling every 100 ms, at most DEADLINE_SECONDS) until none is, and prints one JSON object:
{"orders", "pending_at_end", "drain_ms", "still_pending", "decided_p50_ms", "decided_p99_ms", "decided_max_ms"}.
decided_* is the time from an order's creation (its 201) to its confirmation or rejection by the saga
(`UpdatedAt - CreatedAt` of the orders Confirmed or Rejected), over every order of the run."""
import json
import sqlite3
import sys
import time
from datetime import datetime, timezone

FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def parse(text):
    text = text if "." in text else text + ".0"
    return datetime.strptime(text[:26], FORMAT).replace(tzinfo=timezone.utc)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    path, since, deadline = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    since_text = datetime.fromtimestamp(since, timezone.utc).strftime(FORMAT)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)

    def pending():
        return db.execute("SELECT count(*) FROM orders WHERE CreatedAt >= ? AND Status = 'Pending'",
                          (since_text,)).fetchone()[0]

    started = time.monotonic()
    at_end = left = pending()
    while left and time.monotonic() - started < deadline:
        time.sleep(0.1)
        left = pending()
    drain_ms = (time.monotonic() - started) * 1000 if at_end else 0.0
    rows = db.execute("SELECT CreatedAt, UpdatedAt FROM orders WHERE CreatedAt >= ? "
                      "AND Status IN ('Confirmed', 'Rejected')", (since_text,)).fetchall()
    decided = [(parse(updated) - parse(created)).total_seconds() * 1000 for created, updated in rows]
    total = db.execute("SELECT count(*) FROM orders WHERE CreatedAt >= ?", (since_text,)).fetchone()[0]
    print(json.dumps({
        "orders": total, "pending_at_end": at_end, "drain_ms": round(drain_ms), "still_pending": left,
        "decided_p50_ms": percentile(decided, 50), "decided_p99_ms": percentile(decided, 99),
        "decided_max_ms": max(decided) if decided else None,
    }))


if __name__ == "__main__":
    main()
