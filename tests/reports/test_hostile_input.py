"""The report commands under hostile options: exit code 2 with the option named, never a
traceback (PostgreSQL refuses ids past 32 bits and NUL characters outright)."""

import pytest


@pytest.mark.parametrize("option", ["--site", "--district"])
@pytest.mark.parametrize(
    "ref", ["2147483648", "99999999999999999999999", "0", "²", "a\x00b", "\udcff"]
)
def test_site_or_district_that_names_no_row_is_exit_2(app, tmp_path, option, ref):
    output = tmp_path / "r.xlsx"
    result = app.test_cli_runner().invoke(
        args=["report", "summary", option, ref, "-o", str(output)]
    )
    assert result.exit_code == 2, (result.output, result.exception)
    assert option in result.output
    assert not output.exists()
