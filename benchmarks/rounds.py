"""How every benchmark here measures, so that someone else gets the same figures.

Contenders run interleaved in rounds of equal work (each once per round, in an order that
turns by one each round; a long round is cut into pieces, each contender running each
piece in turn), and each is reported as its median over the rounds with the range, beside
the machine's load average. A ratio between two contenders is taken within
each round, where both met the same load, and reported the same way. Nothing is a best-of
run, and no short run is compared with a long one.
"""

import os
import statistics
import time
from collections.abc import Callable


def load_average() -> str:
    """'load average 1.2 0.9 0.7' (1, 5 and 15 minutes): how busy the machine was."""
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def spread(values: list[float], unit: str = "", digits: int = 1) -> str:
    """'41.5 segments/s (39.8-43.0)': the median and the range."""
    unit = f" {unit}" if unit else ""
    return (f"{statistics.median(values):.{digits}f}{unit} "
            f"({min(values):.{digits}f}-{max(values):.{digits}f})")


def seconds(action: Callable[[], object]) -> float:
    """Wall-clock seconds that `action()` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(contenders: dict[str, Callable[[], float]], rounds: int,
                log: Callable[[str], None] = print) -> dict[str, list[float]]:
    """Each contender's measurements, one per round: every round runs every contender once,
    the order turned by one each round so no contender always goes first."""
    return interleaved_pieces({name: lambda piece, run=run: run()
                               for name, run in contenders.items()}, rounds, 1, log)


def interleaved_pieces(contenders: dict[str, Callable[[int], float]], rounds: int, pieces: int,
                       log: Callable[[str], None] = print) -> dict[str, list[float]]:
    """`interleaved`, each round cut into `pieces` of equal work: every contender runs piece 0,
    then every contender piece 1, and so on, so a load that comes and goes during a long
    round meets all of them alike. A contender's figure for a round is the sum over its
    pieces (`contenders[name](piece)` gives the piece's figure: seconds)."""
    names = list(contenders)
    results: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        totals = dict.fromkeys(names, 0.0)
        for piece in range(pieces):
            turn = (number * pieces + piece) % len(names)
            for name in names[turn:] + names[:turn]:
                totals[name] += contenders[name](piece)
        for name in names:
            results[name].append(totals[name])
        log(f"round {number + 1}/{rounds}: " + ", ".join(
            f"{name} {results[name][-1]:.2f}" for name in names) + f"; {load_average()}")
    return results


def ratios(results: dict[str, list[float]], top: str, bottom: str) -> list[float]:
    """`top` / `bottom` within each round."""
    return [over / under for over, under in zip(results[top], results[bottom])]
