"""Low stock on the dashboard: parcel types below the threshold at the sites one sees."""

from datetime import date

from app.extensions import db
from app.parcels.models import ParcelType
from app.reports.dashboard import dashboard

END = date(2026, 11, 30)  # on hand: Cantina Unu =Iarnă 3, Făină 4; the Beta site Făină 6


def _low(figures):
    return [(s.site_name, s.parcel_type_name, s.on_hand) for s in figures.low_stock]


def test_types_below_the_threshold_at_the_visible_sites(ctx, world, parcels):
    assert _low(dashboard(None, END)) == [("Cantina Unu", "=Iarnă", 3), ("Cantina Unu", "Făină", 4)]
    assert _low(dashboard(None, END, low_stock_below=7)) == [
        ("Cantina Unu", "=Iarnă", 3),
        ("Cantina Unu", "Făină", 4),
        ('=HYPERLINK("http://x")', "Făină", 6),
    ]
    assert _low(dashboard({world.s3.id}, END, low_stock_below=7)) == [
        ('=HYPERLINK("http://x")', "Făină", 6)
    ]
    assert _low(dashboard({world.s3.id}, END)) == []
    assert _low(dashboard({world.s2.id}, END, low_stock_below=100)) == []  # never stocked
    # stock as it was on the day: before the November receipts only flour was there
    assert _low(dashboard(None, date(2026, 10, 31), low_stock_below=10)) == [
        ("Cantina Unu", "Făină", 9)
    ]


def test_a_retired_parcel_type_is_not_low(ctx, world, parcels):
    db.session.get(ParcelType, parcels["winter"]).active = False
    db.session.flush()
    assert _low(dashboard(None, END)) == [("Cantina Unu", "Făină", 4)]


def test_the_threshold_comes_from_the_settings(app, ctx, world, parcels, monkeypatch):
    monkeypatch.setitem(app.config, "LOW_STOCK", 4)
    assert _low(dashboard(None, END)) == [("Cantina Unu", "=Iarnă", 3)]
    assert dashboard(None, END).low_stock_below == 4


def test_dashboard_page_shows_staff_only_their_sites_low_stock(
    app, client, world, parcels, login_as, fixed_today, monkeypatch
):
    fixed_today(END)
    monkeypatch.setitem(app.config, "LOW_STOCK", 7)
    login_as("staff", [world.s3])
    text = client.get("/dashboard").get_data(as_text=True)
    assert "Stoc redus (1)" in text
    assert "Cantina Unu" not in text and "Iarnă" not in text
    assert "=HYPERLINK(&#34;http://x&#34;) · Făină" in text  # escaped, not a link
    client.post("/logout")
    login_as("manager")
    text = client.get("/dashboard").get_data(as_text=True)
    assert "Stoc redus (3)" in text and "=Iarnă" in text
