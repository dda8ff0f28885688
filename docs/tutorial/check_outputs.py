"""Re-run every command shown in docs/tutorial.md and compare with the output pasted there.

Usage, from the root of the repository:  python docs/tutorial/check_outputs.py
Exit status 0 when every output is still current, 1 otherwise (with a diff per command).
With --update, the changed outputs are written into the document instead (read the diff after).
Another document can be named after the options (e.g. docs/index.md).
Commands are the lines starting with `$ ` inside ```console blocks; `veche` is taken from
.venv/bin if present.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "tutorial.md"


def blocks(text: str):
    """Yield (command, expected output) pairs from the ```console blocks."""
    for m in re.finditer(r"^( *)```console\n(.*?)^\1```", text, re.S | re.M):
        indent = len(m.group(1))
        lines = [line[indent:] for line in m.group(2).rstrip("\n").split("\n")]
        cmd, out = None, []
        for line in lines:
            if line.startswith("$ "):
                if cmd is not None:
                    yield cmd, "\n".join(out)
                cmd, out = line[2:], []
            else:
                out.append(line)
        if cmd is not None:
            yield cmd, "\n".join(out)


def main() -> int:
    update = "--update" in sys.argv[1:]
    names = [a for a in sys.argv[1:] if not a.startswith("--")]
    doc = ROOT / names[0] if names else DOC
    env = dict(os.environ)
    env["PATH"] = str(ROOT / ".venv" / "bin") + os.pathsep + env.get("PATH", "")
    failed = 0
    text = doc.read_text(encoding="utf-8")
    for cmd, expected in blocks(text):
        p = subprocess.run(["bash", "-c", cmd], cwd=ROOT, env=env, capture_output=True, text=True)
        actual = (p.stdout + p.stderr).rstrip("\n")
        if actual != expected and update:
            text = text.replace(f"$ {cmd}\n{expected}", f"$ {cmd}\n{actual}", 1)
            continue
        if actual != expected:
            failed += 1
            print(f"--- output changed: $ {cmd}")
            sys.stdout.writelines(difflib.unified_diff(
                (expected + "\n").splitlines(True), (actual + "\n").splitlines(True),
                "tutorial.md", "now"))
    if update:
        doc.write_text(text, encoding="utf-8")
    print("all outputs current" if not failed else f"{failed} output(s) changed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
