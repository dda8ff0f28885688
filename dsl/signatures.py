"""What parameters each check takes, so the resolver can type a `check` line.

The verifier's check registry supplies these; the front end only needs the shape
of a check, not its implementation (so `dsl/` never imports `verifier/`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckSignature:
    """The parameters a check accepts.

    target: what the check is about — None (the whole constitution), "procedure",
    "power" or "body".  compare: the comparison operators it accepts and what the
    number means ("share" such as 50%, "ratio" such as 2, or "count" such as 2).
    """

    name: str
    summary: str
    target: str | None = None
    target_required: bool = False
    compare: tuple[str, ...] = ()
    compare_kind: str | None = None
    compare_required: bool = False
    within: bool = False
    except_groups: bool = False
    per: bool = False

    def usage(self) -> str:
        parts = [f"check {self.name}"]
        if self.target:
            word = {"procedure": "PROCEDURE", "power": "POWER", "body": "BODY"}[self.target]
            parts.append(word if self.target_required else f"[{word}]")
        if self.except_groups:
            parts.append("[except GROUP, ...]")
        if self.within:
            parts.append("[within N steps]")
        if self.compare:
            example = {"share": "50%", "ratio": "2", "count": "2"}[self.compare_kind or "ratio"]
            bound = f"{' | '.join(self.compare)} {example}"
            parts.append(bound if self.compare_required else f"[{bound}]")
        if self.per:
            parts.append("[per voter | per inhabitant]")
        return " ".join(parts)
