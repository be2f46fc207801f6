"""The sheet's search box folds names in the browser exactly as the server does."""

import random

from playwright.sync_api import expect

from app.core.text import fold_variants, search_terms
from tests.browser.test_attendance_browser import seed
from tests.conftest import PASSWORD
from tests.core.test_text import NAME_PAIRS

ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяӂіїєăâîșțşţ ABCxyz-'дж Ч Э Ы"


def samples() -> list[str]:
    texts = [spelling for pair in NAME_PAIRS for spelling in pair]
    texts += ["", "  ", "Popa-Ionescu  d'Arc", "ЧЯ чю ча", "ь", "Игорь", "Ы" * 8]
    rng = random.Random(2026)
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    return texts


def open_sheet(page, live_server, seeded):
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", seeded.usernames[0])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/sites/{seeded.site_id}/attendance")


def test_browser_and_server_fold_every_text_alike(live_server, page):
    seeded = seed(live_server.app)
    open_sheet(page, live_server, seeded)
    texts = samples()
    in_browser = page.evaluate(
        """async (texts) => {
            const { pageFolder } = await import("/static/fold.js");
            const folder = pageFolder();
            return texts.map((t) => [folder.foldVariants(t), folder.searchTerms(t)]);
        }""",
        texts,
    )
    on_server = [[fold_variants(t), search_terms(t)] for t in texts]
    differ = [(t, b, s) for t, b, s in zip(texts, in_browser, on_server, strict=True) if b != s]
    assert differ == []


def test_sheet_search_finds_names_typed_in_cyrillic(live_server, page):
    seeded = seed(live_server.app)
    albu, barca, ceban, dodon, esanu = seeded.beneficiary_ids
    open_sheet(page, live_server, seeded)
    visible = page.locator(".att-list li[data-id]:visible")
    for typed, wanted in [
        ("Быркэ", barca),
        ("Штефан Бырка", barca),
        ("Ştefan Bârcă", barca),
        ("Чебан", ceban),
        ("ешану", esanu),
    ]:
        page.fill("#att-search", typed)
        expect(visible).to_have_count(1)
        expect(page.locator(f"#p{wanted}")).to_be_visible()
    page.fill("#att-search", "")
    expect(visible).to_have_count(5)
