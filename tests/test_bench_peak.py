"""The summary bench's process peak memory is the child's own, not its parent's."""

from bench.bench_summary import _own_peak_mb, in_fresh_process

PARENT_MB = 300


def report_own_peak(queue) -> None:
    queue.put(_own_peak_mb())


def test_a_fresh_process_reports_its_own_peak_not_the_parents():
    # the bench process holds its generated data while it measures a fresh child; on
    # Linux getrusage's ru_maxrss in the child showed the parent's size
    held = bytearray(PARENT_MB * 2**20)
    for offset in range(0, len(held), 4096):
        held[offset] = 1  # resident, not only reserved
    assert _own_peak_mb() > PARENT_MB
    child_mb = in_fresh_process(report_own_peak)
    assert 0 < child_mb < PARENT_MB / 2
