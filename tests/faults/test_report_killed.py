"""`cantina report summary -o FILE` killed while writing: no partial FILE, no temporary
left beside it, and the same command run again writes the whole workbook."""

from openpyxl import load_workbook

from app.core.clock import today
from tests.faults.conftest import seed_routes

SHEETS = ["Despre raport", "Centre", "Persoane", "Luni"]


def _period(world) -> list[str]:
    with world.app.app_context():
        day = today()
    seed_routes(world, day)
    return ["--from", day.replace(day=1).isoformat(), "--to", day.isoformat()]


def _rerun_completes(world, folder, target, period):
    rerun = world.run("report", "summary", *period, "-o", str(target))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert sorted(folder.iterdir()) == [target]
    wb = load_workbook(target)
    assert wb.sheetnames == SHEETS
    rows = list(wb["Centre"].iter_rows(values_only=True))
    assert rows[1][2] == "Cantina Lăpușna" and rows[-1][3] == "Total general"


def test_summary_killed_in_the_middle_of_its_workbook_leaves_nothing(world, tmp_path):
    period = _period(world)
    folder = tmp_path / "rapoarte"
    folder.mkdir()
    target = folder / "sinteza.xlsx"
    # two of the three tables written, the third not yet
    world.kill_at("report.sheet_written:2", "report", "summary", *period, "-o", str(target))
    assert list(folder.iterdir()) == []  # neither the file nor a temporary of it
    _rerun_completes(world, folder, target, period)


def test_summary_killed_before_its_rename_keeps_the_old_file_and_a_rerun_cleans_up(world, tmp_path):
    period = _period(world)
    folder = tmp_path / "rapoarte"
    folder.mkdir()
    target = folder / "sinteza.xlsx"
    target.write_bytes(b"the previous version")
    world.kill_at("report.temp_written", "report", "summary", *period, "-o", str(target))
    # the file under its name is still the previous one, whole; the killed writer's
    # temporary (written, not yet renamed) is the only other thing there
    assert target.read_bytes() == b"the previous version"
    others = [p.name for p in folder.iterdir() if p != target]
    assert len(others) == 1 and others[0].startswith("tmp") and others[0].endswith(".tmp")
    _rerun_completes(world, folder, target, period)
