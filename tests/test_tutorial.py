"""The tutorial's commands still print exactly what the tutorial shows."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_tutorial_outputs_are_current():
    proc = subprocess.run([sys.executable, str(ROOT / "docs" / "tutorial" / "check_outputs.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "all outputs current" in proc.stdout
