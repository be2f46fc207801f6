"""Commands naming a site by id or name: text no row can have is exit code 2 with the
option named, never a traceback (str.isdigit() took "²"; PostgreSQL refuses ids past
32 bits and NUL characters outright)."""

import pytest

REFS = ["2147483648", "99999999999999999999999", "²", "a\x00b", "\udcff"]


def _assert_refused(result):
    assert result.exit_code == 2, (result.output, result.exception)
    assert "--site" in result.output


@pytest.mark.parametrize("ref", REFS)
def test_delivery_generate_with_a_site_no_row_can_be(app, ref):
    result = app.test_cli_runner().invoke(
        args=["delivery", "generate", "--date", "2026-11-16", "--site", ref]
    )
    _assert_refused(result)


@pytest.mark.parametrize("ref", REFS)
def test_import_with_a_site_no_row_can_be(app, tmp_path, ref):
    book = tmp_path / "list.xlsx"
    book.write_bytes(b"not read: the site is checked first")
    result = app.test_cli_runner().invoke(
        args=["import", "beneficiaries", str(book), "--site", ref, "--dry-run"]
    )
    _assert_refused(result)


@pytest.mark.parametrize("ref", REFS)
def test_user_create_with_a_site_no_row_can_be(app, ref):
    args = ["users", "create", "--username", "ana.fuzz", "--full-name", "Ana Fuzz"]
    args += ["--role", "staff", "--site", ref, "--password", "correct-horse-battery-1"]
    _assert_refused(app.test_cli_runner().invoke(args=args))
