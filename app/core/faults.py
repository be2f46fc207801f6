"""Named points where the fault tests stop a process, to kill it there.

With CANTINA_FAULT_POINT=NAME (or NAME:N, the N-th time the point is reached) the
process writes NAME to the file CANTINA_FAULT_REACHED and sleeps CANTINA_FAULT_WAIT
seconds (default 60) at that point, so a test can kill it in the middle of a
transaction or of a file being written. Without the variable a point does nothing.
"""

import os
import time
from pathlib import Path

_reached: dict[str, int] = {}


def point(name: str) -> None:
    wanted = os.environ.get("CANTINA_FAULT_POINT")
    if not wanted:
        return
    target, _, nth = wanted.partition(":")
    if target != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] != int(nth or 1):
        return
    reached = os.environ.get("CANTINA_FAULT_REACHED")
    if reached:
        Path(reached).write_text(name)
    time.sleep(float(os.environ.get("CANTINA_FAULT_WAIT", "60")))
