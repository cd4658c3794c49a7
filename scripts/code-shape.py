#!/usr/bin/env python3
"""The shape of the hand-written C# under src/ (generated migrations and compiled models left out): files, median and
p90 lines per file, and the files that hold more than one top-level type (with --list, their names).
Usage: scripts/code-shape.py [--list] [root]"""
import re
import statistics
import sys
from pathlib import Path

args = [a for a in sys.argv[1:] if not a.startswith("--")]
root = Path(args[0] if args else Path(__file__).resolve().parent.parent)
TYPE = re.compile(r"^(?:\[.*\]\s*)?(?:(?:public|internal|file|private|protected|sealed|static|abstract|partial|readonly|"
                  r"ref|unsafe|new)\s+)*(?:class|record|struct|interface|enum|delegate)\b")


def generated(path: Path) -> bool:
    parts = path.parts
    return any(p.endswith(".Migrations") or p in ("Migrations", "CompiledModels", "obj", "bin") for p in parts)


files = sorted(p for p in (root / "src").rglob("*.cs") if not generated(p.relative_to(root)))
lines, multi = [], []
for path in files:
    text = path.read_text(encoding="utf-8").splitlines()
    lines.append(len(text))
    types = [l for l in text if TYPE.match(l)]
    if len(types) > 1:
        multi.append((path.relative_to(root), len(types)))

lines.sort()
p90 = lines[max(0, int(round(0.9 * len(lines))) - 1)]
print(f"hand-written files: {len(files)}, lines: {sum(lines)}, median lines per file: {statistics.median(lines)}, "
      f"p90: {p90}, files with more than one top-level type: {len(multi)}")
if "--list" in sys.argv:
    for path, count in multi:
        print(f"  {path} ({count})")
