#!/usr/bin/env python3
"""CPU time and memory of process trees, from /proc, for bench/run.sh.

`proc_cpu.py NAME=PID[,PID...] ...` prints one JSON object: for each NAME, the user + system CPU seconds used so far
by those processes and every descendant alive now (threads included: /proc/<pid>/stat counts the whole process),
and their summed resident set size. Sampled before and after a load run, the difference divided by the requests
served is the CPU time per request of each part. A descendant that exits between the samples takes its time with it
(its parent's cutime only grows when it is reaped): the servers measured here keep their processes."""
import json
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state is fields[0]
    return {"ppid": int(fields[1]), "ticks": int(fields[11]) + int(fields[12]), "rss_kb": int(fields[21]) * PAGE_KB}


def snapshot():
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = stat(entry)
            if s:
                table[int(entry)] = s
    return table


def tree(table, roots):
    children = {}
    for pid, s in table.items():
        children.setdefault(s["ppid"], []).append(pid)
    seen, todo = set(), [r for r in roots if r in table]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, []))
    return seen


table = snapshot()
result = {}
for arg in sys.argv[1:]:
    name, _, pids = arg.partition("=")
    roots = [int(p) for p in pids.split(",") if p.strip().isdigit()]
    members = tree(table, roots)
    result[name] = {
        "cpu_s": sum(table[p]["ticks"] for p in members) / TICK,
        "rss_kb": sum(table[p]["rss_kb"] for p in members),
        "processes": len(members),
    }
print(json.dumps(result))
