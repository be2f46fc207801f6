"""A command killed in the middle leaves nothing half-written, and a rerun completes.

Each command runs as a child process (`cantina ...`), stopped at a named point inside
its work and killed with SIGKILL there; then the database and the exports folder are
checked, and the same command run again must finish the job exactly once.
"""

from datetime import date, timedelta

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.beneficiaries.models import Beneficiary, Enrolment
from app.beneficiaries.schemas import with_check_digit
from app.core.clock import today
from app.delivery.models import DeliveryList, DeliveryStop
from app.extensions import db
from tests.faults.conftest import seed_routes

IMPORT_ROWS = 300  # two batches of the importer's 200 rows
HEADERS = ["Nume", "Prenume", "IDNP", "Data nașterii", "Localitate", "Telefon", "Categorii",
           "Data consimțământ", "Serviciu", "Data început"]  # fmt: skip


def _import_file(world, tmp_path) -> tuple[str, int]:
    from app.core.db import writing
    from app.places import services as places_services
    from app.places.models import Service, SiteKind

    with world.app.app_context(), writing():
        district = places_services.create_district("Strășeni")
        locality = places_services.create_locality("Lozova", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina Lozova",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [{"service": Service.LUNCH, "capacity": IMPORT_ROWS}],
            }
        )
        db.session.commit()
        site_id = site.id
        db.session.remove()
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for i in range(IMPORT_ROWS):
        ws.append(
            [f"Ceban{i:03d}", "Ana", with_check_digit(f"2003{i:08d}"), date(1950, 1, 1)
             + timedelta(days=i), "Lozova", "069000000", "vârstnic solitar", "10.01.2026",
             "lunch", date(2026, 11, 16)]
        )  # fmt: skip
    path = tmp_path / "lista.xlsx"
    wb.save(path)
    return str(path), site_id


def _people(world) -> tuple[int, int, int]:
    """(people, their lunch enrolments, distinct IDNPs)."""
    return (
        world.scalar(select(func.count(Beneficiary.id))),
        world.scalar(select(func.count(Enrolment.id))),
        world.scalar(select(func.count(func.distinct(Beneficiary.idnp)))),
    )


def test_import_killed_inside_a_batch_keeps_whole_batches_and_a_rerun_completes(world, tmp_path):
    path, site_id = _import_file(world, tmp_path)
    # the second batch flushed, not committed
    world.kill_at("import.batch_written:2", "import", "beneficiaries", path, "--site", str(site_id))
    people, enrolments, idnps = _people(world)
    # the first batch committed whole; nothing of the second: no person without
    # their enrolment, no half of a batch
    assert (people, enrolments, idnps) == (200, 200, 200)

    rerun = world.run("import", "beneficiaries", path, "--site", str(site_id))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "100 new" in rerun.stdout and "200 unchanged" in rerun.stdout
    assert _people(world) == (IMPORT_ROWS, IMPORT_ROWS, IMPORT_ROWS)


def _lists(world, day) -> tuple[int, int]:
    return (
        world.scalar(select(func.count(DeliveryList.id)).where(DeliveryList.day == day)),
        world.scalar(
            select(func.count(DeliveryStop.id))
            .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
            .where(DeliveryList.day == day)
        ),
    )


def _workbooks(world) -> tuple[list, list]:
    finished = sorted(world.exports.rglob("*.xlsx"))
    temporary = sorted(world.exports.rglob("tmp*.tmp"))
    return finished, temporary


def _today(world):
    with world.app.app_context():
        return today()


def test_generation_killed_before_its_commit_writes_nothing_and_a_rerun_completes(world):
    day = _today(world)
    seed_routes(world, day)
    world.kill_at("delivery.lists_generated", "delivery", "generate")
    assert _lists(world, day) == (0, 0)
    assert _workbooks(world) == ([], [])

    rerun = world.run("delivery", "generate")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _lists(world, day) == (2, 12)
    finished, temporary = _workbooks(world)
    assert len(finished) == 1 and temporary == []
    assert len(load_workbook(finished[0]).worksheets) == 2


def test_generation_killed_writing_its_workbook_leaves_no_partial_file(world):
    day = _today(world)
    seed_routes(world, day)
    world.kill_at("export.temp_written", "delivery", "generate")
    # the lists were committed before the workbook; the workbook is only a temporary
    assert _lists(world, day) == (2, 12)
    finished, temporary = _workbooks(world)
    assert finished == [] and len(temporary) == 1

    rerun = world.run("delivery", "generate")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "0 created, 2 already there" in rerun.stdout
    assert _lists(world, day) == (2, 12)
    finished, temporary = _workbooks(world)
    # the killed writer's temporary is gone at once, not an hour later
    assert len(finished) == 1 and temporary == []
    assert len(load_workbook(finished[0]).worksheets) == 2


def test_scheduler_started_after_the_list_hour_catches_up_once(world):
    day = _today(world)
    seed_routes(world, day)
    world.env["CANTINA_DELIVERY_LIST_TIME"] = "00:00"  # the hour has passed
    for _ in range(2):  # started, then restarted: the lists exist exactly once
        result = world.run("scheduler", "--once")
        assert result.returncode == 0, result.stdout + result.stderr
        assert _lists(world, day) == (2, 12)
    routes = world.scalar(
        select(func.count(func.distinct(DeliveryList.route_id))).where(DeliveryList.day == day)
    )
    assert routes == 2
    finished, temporary = _workbooks(world)
    assert len(finished) == 1 and temporary == []


def test_scheduler_killed_writing_its_workbook_is_caught_up_by_the_next_start(world):
    day = _today(world)
    seed_routes(world, day)
    world.env["CANTINA_DELIVERY_LIST_TIME"] = "00:00"
    world.kill_at("export.temp_written", "scheduler", "--once")
    assert _lists(world, day) == (2, 12)  # committed before the workbook
    assert _workbooks(world)[0] == []
    result = world.run("scheduler", "--once")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _lists(world, day) == (2, 12)
    finished, temporary = _workbooks(world)
    assert len(finished) == 1 and temporary == []
    assert len(load_workbook(finished[0]).worksheets) == 2
