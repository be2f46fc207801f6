"""Excel import: check everything first, import all or nothing, re-import updates."""

import io
from datetime import date

from openpyxl import Workbook, load_workbook

from app.beneficiaries.importer import HEADERS, import_beneficiaries, write_template
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core.audit import history
from app.extensions import db

COLUMNS = ["Nume", "Prenume", "IDNP", "Data nașterii", "Localitate", "Telefon", "Categorii",
           "Data consimțământ", "Serviciu", "Data început"]  # fmt: skip


def xlsx(rows, headers=COLUMNS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


SURNAMES = ["Rusu", "Ceban", "Lungu", "Munteanu", "Cojocaru"]


def people_rows(site, idnp, count=3, phone="069000000"):
    locality = site.locality.name
    return [
        [SURNAMES[i], "Ana", idnp(), date(1950, 1, i + 1), locality, phone,
         "vârstnic solitar; disability", "10.01.2026", "lunch", date(2026, 11, 16)]
        for i in range(count)
    ]  # fmt: skip


def count_people():
    return db.session.scalar(db.select(db.func.count(Beneficiary.id)))


def test_one_bad_row_imports_nothing_and_names_the_row(ctx, new_site, idnp):
    site = new_site()
    rows = people_rows(site, idnp)
    rows[1][2] = "2002001234564"  # wrong check digit, Excel row 3
    rows[2][3] = "31.02.1950"  # no such date, Excel row 4
    before = count_people()
    result = import_beneficiaries(xlsx(rows), site.id, site_ids=None)
    assert not result.imported
    assert [(e.row, e.column) for e in result.errors] == [(3, "IDNP"), (4, "Data nașterii")]
    assert "cifra de control" in result.errors[0].message
    assert count_people() == before


def test_preview_counts_then_import_then_reimport_updates_and_audits(ctx, new_site, idnp):
    site = new_site(lunch=2)
    rows = people_rows(site, idnp)
    preview = import_beneficiaries(xlsx(rows), site.id, site_ids=None, dry_run=True)
    assert (preview.new, preview.updated, preview.unchanged, preview.errors) == (3, 0, 0, [])
    assert not preview.imported

    first = import_beneficiaries(xlsx(rows), site.id, site_ids=None)
    assert first.imported and first.new == 3 and first.enrolled == 3
    statuses = sorted(
        e.status.value
        for e in db.session.scalars(db.select(Enrolment).where(Enrolment.site_id == site.id))
    )
    assert statuses == ["active", "active", "waiting"]  # capacity 2
    person = db.session.scalar(db.select(Beneficiary).where(Beneficiary.idnp == rows[0][2]))
    assert person.categories == ["disability", "solitary_elderly"]
    assert person.last_name_key == "rusu"

    rows[0][5] = "079999888"
    rows[1][2] = None  # matched by name and birth date instead
    again = import_beneficiaries(xlsx(rows), site.id, site_ids=None)
    assert (again.new, again.updated, again.unchanged, again.enrolled) == (0, 1, 2, 0)
    changes = [(e.field, e.old_value, e.new_value) for e in history("beneficiary", person.id)]
    assert ("phone", "069000000", "079999888") in changes


def test_lunch_place_elsewhere_is_a_row_error(ctx, new_site, new_enrolment, idnp):
    site, other = new_site(), new_site("Cantina Orhei")
    rows = people_rows(site, idnp, count=2)
    import_beneficiaries(xlsx(rows[:1]), other.id, site_ids=None)
    result = import_beneficiaries(xlsx(rows), site.id, site_ids=None)
    assert not result.imported
    assert [(e.row, e.column) for e in result.errors] == [(2, "Serviciu")]
    assert "Cantina Orhei" in result.errors[0].message


def test_missing_name_and_unknown_locality_are_listed(ctx, new_site):
    site = new_site()
    rows = [[None, "Ana", None, None, "Nicăieri", None, None, None, None, None]]
    result = import_beneficiaries(xlsx(rows), site.id, site_ids=None)
    assert {(e.row, e.column) for e in result.errors} == {(2, "Nume")}
    rows = [["Rusu", "Ana", None, None, "Nicăieri", None, None, None, "lunch", None]]
    result = import_beneficiaries(xlsx(rows), site.id, site_ids=None)
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "Localitate"),
        (2, "Data început"),
        (2, "Data consimțământ"),
    }


def test_template_has_the_headers_and_imports_cleanly(ctx, new_site, tmp_path):
    path = tmp_path / "model.xlsx"
    write_template(path)
    workbook = load_workbook(path, read_only=True)
    header, example = list(workbook.worksheets[0].iter_rows(values_only=True))[:2]
    workbook.close()
    assert list(header) == HEADERS
    assert example[HEADERS.index("Prenume")] == "Ștefan"


def test_cli_exits_2_with_the_errors(app, make_site, tmp_path):
    site = make_site()
    path = tmp_path / "list.xlsx"
    bad = [["Rusu", "Ana", "123", None, None, None, None, None, None, None]]
    path.write_bytes(xlsx(bad).getvalue())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "beneficiaries", str(path), "--site", str(site.id)])
    assert result.exit_code == 2
    assert "rândul 2" in result.output and "IDNP" in result.output


def test_waiting_import_respects_status(ctx, new_site, idnp):
    site = new_site(lunch=0)
    result = import_beneficiaries(xlsx(people_rows(site, idnp, count=1)), site.id, site_ids=None)
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.site_id == site.id))
    assert result.enrolled == 1 and enrolment.status == EnrolmentStatus.WAITING


def test_template_lists_words_with_drop_downs_and_its_example_imports(ctx, new_site, tmp_path):
    site = new_site()
    path = tmp_path / "model.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    people, instructions = workbook["Beneficiari"], workbook["Instrucțiuni"]
    header = [c.value for c in people[1]]
    example = [c.value for c in people[2]]
    # the words a person reads, not the codes
    rules = " ".join(str(c.value) for row in instructions.iter_rows() for c in row)
    assert "solitary_elderly" not in rules and "social_worker" not in rules
    assert "Prânz livrat la domiciliu" in rules
    assert example[header.index("Serviciu")] == "Prânz livrat la domiciliu"
    # drop-down lists on the columns with fixed values
    lists = workbook["Liste"]
    assert lists.sheet_state == "hidden"
    offered = {}
    for validation in people.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        letter = validation.formula1.split("$")[1]
        offered[header[ord(column) - ord("A")]] = [
            c.value for c in lists[letter][1:] if c.value is not None
        ]
    assert offered["Sex"] == ["F", "M"]
    assert "Prânz la cantină" in offered["Serviciu"]
    assert offered["Se poate deplasa"] == ["da", "nu"]
    assert set(offered) >= {"Grad dizabilitate", "Sursa trimiterii", "Locuiește singur"}
    # the example row, in its words, imports without an error
    example[header.index("Localitate")] = site.locality.name
    example[header.index("Raion")] = site.locality.district.name
    buffer = io.BytesIO()
    fresh = Workbook()
    fresh.active.append(header)
    fresh.active.append(example)
    fresh.save(buffer)
    buffer.seek(0)
    result = import_beneficiaries(buffer, site.id, site_ids=None, dry_run=True)
    assert result.errors == []


def test_a_batch_refused_meanwhile_stops_the_import_keeping_earlier_batches(
    app, ctx, new_site, idnp, monkeypatch
):
    site = new_site()
    monkeypatch.setitem(app.config, "IMPORT_BATCH_ROWS", 2)
    rows = people_rows(site, idnp, count=4)
    for row in rows:
        row[8] = None  # no service: people only

    def someone_else_registers_row_5(stage, done, total):
        if stage == "writing" and done == 2:
            db.session.add(
                Beneficiary(first_name="Alt", last_name="Om", idnp=rows[3][2],
                            first_name_key="alt", last_name_key="om", person_key="alt om")
            )  # fmt: skip
            db.session.commit()

    result = import_beneficiaries(
        xlsx(rows), site.id, site_ids=None, progress=someone_else_registers_row_5
    )
    assert not result.imported
    assert [(e.row, e.column) for e in result.errors] == [(4, "")]
    assert "rândul 4" in result.errors[0].message
    stored = set(db.session.scalars(db.select(Beneficiary.last_name)))
    assert stored == {"Rusu", "Ceban", "Om"}  # the first batch stays, the second is undone
