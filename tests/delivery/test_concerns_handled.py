"""Drivers' concerns: each row names its site, and the site records the follow-up."""

from app.auth.models import Role, User
from app.core.models import AuditEntry
from app.delivery import services
from app.delivery.models import DeliveryStop
from app.extensions import db


def _concern(app, site, make_person, todays_list, note="tușește, casa rece"):
    delivery_list = todays_list(site, [make_person(site)])
    with app.app_context():
        stop = delivery_list.stops[0]
        services.set_concern(delivery_list.id, stop.id, True, note)
        db.session.commit()
        return stop.id


def test_concerns_name_their_site_and_are_followed_up(
    client, app, make_site, make_person, todays_list, login_as
):
    north = make_site(name="Cantina Nord")
    south = make_site(name="Cantina Sud")
    stop_id = _concern(app, north, make_person, todays_list)
    _concern(app, south, make_person, todays_list)
    manager = login_as(Role.MANAGER)
    page = client.get("/delivery/concerns").get_data(as_text=True)
    assert "<th>Centru</th>" in page
    assert "Cantina Nord" in page and "Cantina Sud" in page
    url = f"/delivery/concerns/{stop_id}/handled"
    empty = client.post(url, data={"concern_action": ""})
    assert empty.status_code == 422
    assert 'class="error" role="alert"' in empty.get_data(as_text=True)
    done = client.post(url, data={"concern_action": "Asistentul social a vizitat-o"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"#concern-{stop_id}")
    with app.app_context():
        stop = db.session.get(DeliveryStop, stop_id)
        assert stop.concern_action == "Asistentul social a vizitat-o"
        assert stop.concern_handled_by_id == manager.id and stop.concern_handled_at is not None
        assert db.session.scalar(
            db.select(AuditEntry).where(
                AuditEntry.entity == "delivery_stop",
                AuditEntry.entity_id == stop_id,
                AuditEntry.field == "concern_action",
            )
        )
        name = db.session.get(User, manager.id).full_name
    page = client.get("/delivery/concerns").get_data(as_text=True)
    assert "Rezolvat" in page and "Asistentul social a vizitat-o" in page and name in page


def test_staff_follow_up_only_their_sites_concerns(
    client, app, make_site, make_person, todays_list, login_as
):
    mine, other = make_site(name="Cantina Mea"), make_site(name="Cantina Alta")
    _concern(app, mine, make_person, todays_list)
    theirs = _concern(app, other, make_person, todays_list, note="alt centru")
    login_as(Role.STAFF, [mine])
    page = client.get("/delivery/concerns").get_data(as_text=True)
    assert "Cantina Mea" in page and "Cantina Alta" not in page and "alt centru" not in page
    refused = client.post(f"/delivery/concerns/{theirs}/handled", data={"concern_action": "x"})
    assert refused.status_code == 404
    with app.app_context():
        assert db.session.get(DeliveryStop, theirs).concern_action is None
