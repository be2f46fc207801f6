"""The privacy commands under hostile arguments: exit code 2, never a traceback."""

import pytest


@pytest.mark.parametrize("person_id", ["2147483648", "99999999999999999999", "0", "-1"])
def test_export_person_with_an_id_no_row_can_have_is_exit_2(app, tmp_path, person_id):
    output = tmp_path / "p.json"
    result = app.test_cli_runner().invoke(
        args=["export-person", "--json", str(output), "--", person_id]
    )
    assert result.exit_code == 2, (result.output, result.exception)
    assert "PERSON_ID" in result.output
    assert not output.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01"])
def test_retention_on_a_day_outside_the_calendar_is_exit_2(app, day):
    result = app.test_cli_runner().invoke(args=["retention", "run", "--date", day, "--dry-run"])
    assert result.exit_code == 2, (result.output, result.exception)
    assert "--date" in result.output
