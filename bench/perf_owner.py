#!/usr/bin/env python3
"""Where a .NET process's CPU goes, by library: each `perf` sample goes to the nearest frame, from the leaf up, that
names one of the libraries below (EF Core, Razor components, Kiota, ...), or to the GC or tiered-JIT thread it ran on.

Record the process started with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 (so perf can name JIT code):
    perf record -F 999 -g -p <pid> -o perf.data -- sleep 10      (while the load runs)
    perf script -i perf.data > perf.txt && python3 bench/perf_owner.py perf.txt
ReadyToRun code of the shared framework has no symbols for perf: its samples go to the first named frame above it, or
to "unnamed". Used for the storefront's pages in docs/benchmarks.md."""
import collections
import re
import sys

OWNERS = [
    ("EF Core and the driver (SQLite, Npgsql)", r"EntityFramework|Sqlite|sqlite|Npgsql"),
    ("Kiota and Shop.Client", r"Kiota|\[Shop\.Client\]"),
    ("HttpClient", r"\[System\.Net\.Http\]"),
    ("OpenIddict and token checks", r"OpenIddict|IdentityModel|JsonWebToken"),
    ("antiforgery", r"Antiforgery"),
    ("data protection", r"DataProtection"),
    ("authentication (cookie, handlers)", r"Authentication\.Cookies|\[Microsoft\.AspNetCore\.Authentication"),
    ("Razor components", r"\[Microsoft\.AspNetCore\.Components"),
    ("storefront", r"\[Storefront\]"),
    ("modules", r"\[(Catalog|Cart|Ordering|Identity)\]"),
    ("System.Text.Json", r"System\.Text\.Json"),
    ("routing", r"Routing"),
    ("YARP (gateway)", r"Yarp"),
    ("Kestrel", r"Kestrel|Pipelines"),
    ("sockets", r"System\.Net\.Sockets|SocketAsyncEngine"),
    ("dependency injection", r"DependencyInjection"),
    ("RabbitMQ client", r"RabbitMQ"),
    ("thread pool", r"ThreadPool|WorkerThread"),
]


def main(path):
    owners = collections.Counter()
    total = 0
    for sample in open(path).read().split("\n\n"):
        lines = [line.strip() for line in sample.strip().split("\n")]
        if len(lines) < 2:
            continue
        total += 1
        thread = lines[0]
        if "Server GC" in thread or "Background GC" in thread:
            owners["garbage collector threads"] += 1
            continue
        if "Tiered Com" in thread:
            owners["tiered JIT thread"] += 1
            continue
        owner = next((name for frame in lines[1:] for name, pattern in OWNERS if re.search(pattern, frame)), "unnamed")
        owners[owner] += 1
    print(f"{total} samples")
    for name, count in owners.most_common():
        print(f"{100 * count / total:5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
