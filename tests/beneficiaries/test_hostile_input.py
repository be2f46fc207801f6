"""The import pages under hostile tokens: a name too long for the file system, or not a
token at all, is refused as such (never a 500 from the file system)."""

import pytest

from app.auth.models import Role

LONG = "x" * 300


@pytest.mark.parametrize("token", [LONG, "a" * 300, "٣", "../x"])
def test_import_job_page_with_a_token_that_cannot_be_a_file_is_404(
    client, login_as, make_site, token
):
    login_as(Role.STAFF, [make_site()])
    assert client.get(f"/beneficiaries/import/jobs/{token}").status_code == 404


@pytest.mark.parametrize("token", [LONG, "a" * 300])
def test_confirming_or_cancelling_with_a_token_too_long_is_400(client, login_as, make_site, token):
    site = make_site()
    login_as(Role.STAFF, [site])
    confirm = client.post("/beneficiaries/import", data={"site_id": site.id, "token": token})
    assert confirm.status_code == 400
    assert client.post("/beneficiaries/import/cancel", data={"token": token}).status_code == 400
