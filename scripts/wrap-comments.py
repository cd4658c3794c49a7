#!/usr/bin/env python3
"""Re-wraps C# comment lines (/// and //) longer than the limit (120) in the given files or folders, keeping each
run of comment lines' indentation and prefix. XML doc text is whitespace-insensitive, so wrapping inside it is safe;
lines inside <code> blocks are left alone. Usage: scripts/wrap-comments.py PATH..."""
import re
import sys
import textwrap
from pathlib import Path

LIMIT = 120
GLUE = "\u0000"
COMMENT = re.compile(r"^(\s*)(///|//)( ?)(.*)$")


def skip(path: Path) -> bool:
    return any(p in ("obj", "bin", "CompiledModels") or p.endswith(".Migrations") for p in path.parts)


def wrap_file(path: Path) -> bool:
    lines = path.read_text(encoding="utf-8").split("\n")
    out, i, changed = [], 0, False
    while i < len(lines):
        m = COMMENT.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        indent, prefix = m.group(1), m.group(2)
        run = []
        while i < len(lines):
            m2 = COMMENT.match(lines[i])
            if not m2 or m2.group(1) != indent or m2.group(2) != prefix:
                break
            run.append(m2.group(4))
            i += 1
        if all(len(f"{indent}{prefix} {t}") <= LIMIT for t in run) or any("<code>" in t or "```" in t for t in run):
            out.extend(f"{indent}{prefix} {t}".rstrip() if t else f"{indent}{prefix}" for t in run)
            continue
        # Paragraphs: an empty comment line, or a line starting a list item or an XML block tag, starts a new one.
        paragraphs, current = [], []
        for t in run:
            starts_new = not t.strip() or re.match(r"^(- |\d+\. |<(summary|remarks|param|returns|para|list|item)\b|</)", t)
            if starts_new and current:
                paragraphs.append(current)
                current = []
            if not t.strip():
                paragraphs.append([""])
                continue
            current.append(t)
        if current:
            paragraphs.append(current)
        width = LIMIT - len(indent) - len(prefix) - 1
        for para in paragraphs:
            if para == [""]:
                out.append(f"{indent}{prefix}")
                continue
            lead = re.match(r"^(\s*(?:- |\d+\. )?)", para[0]).group(1)
            text = " ".join(p.strip() for p in para)
            # Never break inside an XML tag (<see cref="X"/>) or a code span (`a b`): glue their spaces first.
            text = re.sub(r"<[^<>]*>|`[^`]*`", lambda t: t.group(0).replace(" ", GLUE), text)
            hang = " " * len(lead) if lead.strip() else ""
            wrapped = textwrap.wrap(text, width=width, subsequent_indent=hang, break_long_words=False,
                                    break_on_hyphens=False) or [""]
            out.extend(f"{indent}{prefix} {w.replace(GLUE, ' ')}" for w in wrapped)
        changed = True
    if changed:
        path.write_text("\n".join(out), encoding="utf-8")
    return changed


targets = []
for arg in sys.argv[1:]:
    p = Path(arg)
    targets.extend(sorted(p.rglob("*.cs")) if p.is_dir() else [p])
for t in targets:
    if not skip(t) and wrap_file(t):
        print(f"wrapped {t}")
