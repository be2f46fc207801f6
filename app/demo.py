"""Deterministic, realistic demo data: the programme's districts, sites and users."""

from decimal import Decimal

from app.auth import services as auth_services
from app.auth.models import Role
from app.core.text import slug
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind

DEMO_PASSWORD = "demo-cantina-2026"

# (district, locality, locality kind, latitude, longitude)
CANTEENS = [
    ("Hîncești", "Hîncești", "town", 46.8306, 28.5908),
    ("Hîncești", "Lăpușna", "village", 46.8847, 28.4086),
    ("Strășeni", "Strășeni", "town", 47.1414, 28.6103),
    ("Cahul", "Cahul", "city", 45.9075, 28.1944),
    ("Glodeni", "Glodeni", "town", 47.7708, 27.5144),
    ("Orhei", "Orhei", "city", 47.3831, 28.8231),
    ("Ungheni", "Ungheni", "city", 47.2042, 27.7958),
    ("Soroca", "Soroca", "city", 48.1558, 28.2975),
    ("Criuleni", "Criuleni", "town", 47.2136, 29.1592),
    ("Ialoveni", "Ialoveni", "town", 46.9431, 28.7778),
    ("Leova", "Leova", "town", 46.4786, 28.2553),
]
COMMUNITY_CENTRES = [
    ("Hîncești", "Sărata-Galbenă", "village", 46.7281, 28.4997),
    ("Hîncești", "Cărpineni", "village", 46.7636, 28.3614),
    ("Strășeni", "Lozova", "village", 47.1344, 28.3933),
    ("Cahul", "Giurgiulești", "village", 45.4797, 28.1981),
    ("Glodeni", "Cobani", "village", 47.8975, 27.5236),
    ("Nisporeni", "Vărzărești", "village", 47.1664, 28.1306),
    ("Cantemir", "Baimaclia", "village", 46.1872, 28.4711),
]
# More real localities, so the registry has villages around each site.
EXTRA_LOCALITIES = {
    "Hîncești": ["Bobeica", "Mingir", "Bozieni", "Ciuciuleni"],
    "Strășeni": ["Cojușna", "Micăuți", "Vorniceni"],
    "Cahul": ["Crihana Veche", "Slobozia Mare", "Colibași"],
    "Glodeni": ["Balatina", "Cuhnești", "Iabloana"],
    "Orhei": ["Peresecina", "Ivancea", "Jora de Mijloc"],
    "Ungheni": ["Sculeni", "Pîrlița", "Valea Mare"],
    "Soroca": ["Vasilcău", "Racovăț", "Bădiceni"],
    "Criuleni": ["Dubăsarii Vechi", "Măgdăcești", "Hrușova"],
    "Ialoveni": ["Costești", "Ruseștii Noi", "Văratic"],
    "Leova": ["Sărata Nouă", "Iargara", "Tomai"],
    "Nisporeni": ["Grozești", "Bălănești"],
    "Cantemir": ["Cociulia", "Gotești"],
}


def logins() -> list[tuple[str, str, str]]:
    """The demo accounts (user, password, who), known without reading the database."""
    rows = [
        ("admin", DEMO_PASSWORD, "Administrator"),
        ("manager", DEMO_PASSWORD, "Elena Rusu (manager de program)"),
    ]
    for _district, name, *_rest in CANTEENS + COMMUNITY_CENTRES:
        rows.append((f"staff.{slug(name)}", DEMO_PASSWORD, f"personal, {name}"))
        rows.append((f"driver.{slug(name)}", DEMO_PASSWORD, f"șofer, {name}"))
    return rows


def load() -> list[tuple[str, str, str]]:
    """Create the demo places and users; returns the logins to print."""
    districts = {}
    localities = {}

    def locality(district: str, name: str, kind: str):
        if district not in districts:
            districts[district] = places_services.create_district(district)
        key = (district, name)
        if key not in localities:
            localities[key] = places_services.create_locality(name, districts[district].id, kind)
        return localities[key]

    sites = []
    for index, (district, name, kind, lat, lon) in enumerate(CANTEENS):
        loc = locality(district, name, kind)
        capacity = 40 + (index * 7) % 20
        site = places_services.create_site(
            {
                "name": f"Cantina de Ajutor Social {name}",
                "kind": SiteKind.CANTEEN,
                "locality_id": loc.id,
                "address": f"str. Ștefan cel Mare {10 + index}",
                "phone": f"0{269 + index} 2{index:02d} 1{index:02d}",
                "latitude": lat,
                "longitude": lon,
                "cost_norm_lei": Decimal("38.50"),
                "services": [
                    {"service": Service.LUNCH, "capacity": capacity},
                    {"service": Service.DELIVERY, "capacity": 15},
                    {"service": Service.PARCELS, "capacity": None},
                ],
            }
        )
        sites.append(site)
    for index, (district, name, kind, lat, lon) in enumerate(COMMUNITY_CENTRES):
        loc = locality(district, name, kind)
        site = places_services.create_site(
            {
                "name": f"CCAS {name}",
                "kind": SiteKind.COMMUNITY_CENTRE,
                "locality_id": loc.id,
                "address": f"str. Principală {3 + index}",
                "latitude": lat,
                "longitude": lon,
                "cost_norm_lei": Decimal("32.00"),
                "services": [
                    {"service": Service.LUNCH, "capacity": 20},
                    {"service": Service.DELIVERY, "capacity": 8},
                    {"service": Service.DAY_CARE, "capacity": 15},
                ],
            }
        )
        sites.append(site)
    for district, names in EXTRA_LOCALITIES.items():
        for name in names:
            locality(district, name, "village")

    logins = []

    def user(username: str, full_name: str, role: Role, site_ids=()):
        auth_services.create_user(
            username=username,
            full_name=full_name,
            role=role,
            password=DEMO_PASSWORD,
            site_ids=list(site_ids),
        )
        logins.append((username, DEMO_PASSWORD, full_name))

    user("admin", "Administrator", Role.ADMIN)
    user("manager", "Elena Rusu (manager de program)", Role.MANAGER)
    for site in sites:
        key = slug(site.locality.name)
        user(f"staff.{key}", f"Personal {site.name}", Role.STAFF, [site.id])
        user(f"driver.{key}", f"Șofer {site.locality.name}", Role.DRIVER, [site.id])
    db.session.flush()

    try:
        from app.beneficiaries import demo as beneficiaries_demo
    except ImportError:
        beneficiaries_demo = None
    if beneficiaries_demo is not None:
        beneficiaries_demo.load(sites)
    try:
        from app.delivery import demo as delivery_demo
    except ImportError:
        delivery_demo = None
    if delivery_demo is not None:
        delivery_demo.load(sites)
    # three months behind today: marks, delivery lists and outcomes (dashboard, reports)
    from app.attendance import demo as attendance_demo
    from app.delivery import demo_history

    attendance_demo.load(sites)
    demo_history.load()

    from app.parcels import demo as parcels_demo

    parcels_demo.load(sites)
    return logins
