"""Formatting exact numbers for people and for JSON, deterministically."""

from __future__ import annotations

from fractions import Fraction


def pct(x: Fraction, digits: int = 2) -> str:
    """A share as a percentage with a fixed number of decimals, rounded half up, exactly."""
    scaled = x * 100 * 10**digits
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    text = f"{whole / 10**digits:.{digits}f}" if digits else str(whole)
    return text.rstrip("0").rstrip(".") + "%" if "." in text else text + "%"


def exact(x: Fraction) -> str:
    """A fraction as text: `5` or `125/24`."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def decimal(x: Fraction, digits: int = 4) -> float:
    """A fraction rounded to a float with `digits` decimals (for JSON figures)."""
    return round(float(x), digits)


def ratio(x: Fraction) -> str:
    """A ratio for text output: `5` or `4.17`."""
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.2f}"
