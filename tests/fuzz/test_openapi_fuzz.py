"""Every operation of /api/v1/openapi.json driven with generated requests (schemathesis
strategies, run in-process through the Flask test client): no answer is a 500 and every
error answer is JSON."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.conftest import login

# about 2,000 requests in all: a couple of minutes per database engine on two cores
EXAMPLES = 12


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def check_answer(response, label):
    assert response.status_code < 500, (label, response.status_code, response.get_data()[:500])
    if response.status_code >= 400:
        assert response.mimetype == "application/json", (label, response.get_data()[:300])
        body = response.get_json()
        assert isinstance(body, dict) and "message" in body, (label, body)


@pytest.mark.parametrize("role", ["manager", "staff"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_500(app, client, make_user, world, role, mode):
    state, site = world
    user = make_user(role, [site] if role == "staff" else [])
    login(client, user)
    # the session of the logged-in user, not one the generator makes up
    cookies = {"session": client.get_cookie("session").value}
    for operation in _operations(app):

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, cookies=cookies), data=st.data())
        def run(case, data):
            for name in list(case.path_parameters or {}):
                known = state.ids.get(name)
                if known and data.draw(st.booleans(), label=f"real {name}"):
                    case.path_parameters[name] = data.draw(st.sampled_from(known))
            kwargs = case.as_transport_kwargs()
            kwargs.pop("base_url", None)
            # the session is bound to the browser that logged in (strong session protection)
            kwargs["headers"].pop("User-Agent", None)
            response = client.open(**kwargs)
            check_answer(response, f"{case.method} {case.formatted_path} {kwargs!r:.300}")

        run()
