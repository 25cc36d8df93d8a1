"""The web front-end at `/`, in a real browser against a live uvicorn serving the bundled data.

Playwright for Python drives Debian's Chromium (`apt-get install chromium`; Playwright's own
browser download cannot work here). Without Chromium these tests skip, saying why; with
`PODIUM_REQUIRE_BROWSER=1` (set by .ci/run) they fail instead. axe-core comes from the pinned
Node tools in tests/sdk (`npm ci` on first use). The test also writes the README's screenshots
to docs/screenshots/ and prints page weight and first-render time.
"""

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import migrate, running_server, seed_database

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "app" / "web" / "static"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("PODIUM_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("PODIUM_REQUIRE_BROWSER") == "1"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
READY = "main[data-state=ready]"

pytestmark = pytest.mark.e2e


def unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason}, and PODIUM_REQUIRE_BROWSER=1 makes the browser tests mandatory")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on loopback with the bundled data. CACHE_MAX_AGE=0 makes the browser revalidate
    every API answer with its ETag, so the tests see the 304s instead of fresh cache hits."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'podium.db'}"
    migrate(url)
    seed_database(url)
    with running_server(url, env={"CACHE_MAX_AGE": "0"}) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (requirements/dev.txt)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


class Page:
    """A browser tab on the live server that records what it loads and any script error."""

    def __init__(
        self, browser: Any, base: str, viewport: dict[str, int], bypass_csp: bool = False
    ) -> None:
        self.base = base
        # bypass_csp lets the accessibility test inject axe-core into the page.
        self.context = browser.new_context(base_url=base, viewport=viewport, bypass_csp=bypass_csp)
        self.tab = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.api: list[tuple[str, int, str | None, str | None]] = []
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.blocked: list[str] = []  # refused by the page's Content-Security-Policy: never sent
        self.tab.on("request", lambda request: self.requests.append(request.url))
        self.tab.on("requestfailed", self._failed)
        self.tab.on("response", self._response)

    def _failed(self, request: Any) -> None:
        if (request.failure or "") in ("csp", "net::ERR_BLOCKED_BY_CSP"):
            self.blocked.append(request.url)

    def _response(self, response: Any) -> None:
        if response.url.startswith(f"{self.base}/v1/"):
            sent = response.request.all_headers().get("if-none-match")
            etag = response.all_headers().get("etag")
            self.api.append((response.url.removeprefix(self.base), response.status, sent, etag))

    def open(self, path: str) -> Any:
        self.tab.goto(path)
        return self.ready()

    def ready(self) -> Any:
        self.tab.wait_for_selector(READY)
        return self.tab

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any, web_server: str) -> Iterator[Page]:
    tab = Page(browser, web_server, DESKTOP)
    yield tab
    tab.close()
    assert tab.errors == [], tab.errors
    foreign = [
        url
        for url in tab.requests
        if not url.startswith((web_server, "data:")) and url not in tab.blocked
    ]
    assert foreign == [], f"the front-end loaded something from elsewhere: {foreign}"


def ends(suffix: str) -> Any:
    """A URL matcher (Playwright's globs read `?` as a wildcard)."""
    return lambda url: url.endswith(suffix)


def api(base: str, path: str) -> Any:
    response = httpx.get(f"{base}{path}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    "path", ["/", "/?q=kerr", "/athletes/josh-kerr", "/competitions/x/events/y", "/medallists"]
)
def test_every_page_url_serves_the_shell(client: Any, path: str) -> None:
    """No browser needed: page URLs answer index.html (revalidated by ETag), assets likewise."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script type="module" src="/assets/js/main.js">' in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-cache"
    again = client.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_assets_docs_and_weight_without_a_browser(client: Any) -> None:
    css = client.get("/assets/app.css")
    assert css.status_code == 200 and css.headers["cache-control"] == "no-cache"
    assert (
        client.get("/assets/app.css", headers={"If-None-Match": css.headers["etag"]}).status_code
        == 304
    )
    for path, asset in (
        ("/docs", "/docs-assets/swagger-ui-bundle.js"),
        ("/redoc", "/docs-assets/redoc.standalone.js"),
    ):
        page = client.get(path)
        assert page.status_code == 200 and asset in page.text
        assert "cdn." not in page.text and "fonts.googleapis" not in page.text
        assert client.get(asset).status_code == 200
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/v1/no-such-thing").headers["content-type"] == "application/problem+json"
    weight = sum(p.stat().st_size for p in STATIC.rglob("*") if p.suffix in (".js", ".css"))
    assert weight < 100_000


def test_search_as_you_type_then_the_cabinet_matches_the_api(page: Page, web_server: str) -> None:
    tab = page.open("/")
    box = tab.get_by_label("Find an athlete")
    assert tab.evaluate("document.activeElement.id") == "search"

    box.press_sequentially("NORDAS", delay=20)  # accent- and case-insensitive, via the API
    tab.get_by_role("link", name="Narve Gilje Nordås").wait_for()
    # The list may already show him for "NOR"; the URL follows the last keystroke's search.
    tab.wait_for_url("**/?q=NORDAS")

    box.fill("")
    box.press_sequentially("kerr", delay=20)
    tab.locator("#search-results").get_by_role("link", name="Josh Kerr").click()
    tab.wait_for_url(ends("/athletes/josh-kerr"))
    page.ready()
    assert tab.title() == "Josh Kerr: medal cabinet · Podium"

    cabinet = api(web_server, "/v1/athletes/josh-kerr/medals")
    shown = tab.eval_on_selector_all(
        "li.medal",
        "items => items.map(i => [i.dataset.medal, i.dataset.competition, i.dataset.event])",
    )
    expected = [
        [m["medal"], m["competition"]["slug"], m["event"]["slug"]] for m in cabinet["medals"]
    ]
    assert Counter(map(tuple, shown)) == Counter(map(tuple, expected))
    text = tab.inner_text("main")
    for medal in cabinet["medals"]:
        assert medal["mark"] in text
        assert medal["competition"]["name"] in text
    totals = tab.locator(".cabinet-summary .totals").inner_text()
    for colour in ("gold", "silver", "bronze", "total"):
        assert f"{cabinet['totals'][colour]} {colour.title()}" in totals.replace("\n", " ")
    # Grouped by series, in the API's order, each with its own totals.
    headings = tab.eval_on_selector_all("section.series h2", "hs => hs.map(h => h.textContent)")
    assert headings == ["Olympic Games", "World Championships", "World Indoor Championships"]
    assert "Coverage:" in tab.inner_text(".coverage-line")

    # Back returns to the search, as it was; forward to the cabinet.
    tab.go_back()
    tab.wait_for_url(ends("/?q=kerr"))
    page.ready()
    assert tab.get_by_label("Find an athlete").input_value() == "kerr"
    tab.locator("#search-results").get_by_role("link", name="Josh Kerr").wait_for()
    tab.go_forward()
    tab.wait_for_url(ends("/athletes/josh-kerr"))
    tab.locator("li.medal").first.wait_for()


def test_relay_and_reallocated_badges(page: Page, web_server: str) -> None:
    willis = api(web_server, "/v1/athletes/nicholas-willis/medals")
    reallocated = [m for m in willis["medals"] if m["reallocated"]]
    assert reallocated, "the bundled data has Willis's reallocated 2008 silver"
    tab = page.open("/athletes/nicholas-willis")
    slug = reallocated[0]["competition"]["slug"]
    medal = tab.locator(f'li.medal[data-competition="{slug}"]')
    assert "Reallocated" in medal.inner_text()


def test_competition_medal_table_and_events(page: Page, web_server: str) -> None:
    tab = page.open("/competitions")
    tab.locator('a[href="/competitions/olympic-games-2024"]').click()
    tab.wait_for_url(ends("/competitions/olympic-games-2024"))
    page.ready()
    table = api(web_server, "/v1/competitions/olympic-games-2024/medal-table")
    rows = tab.eval_on_selector_all(
        "table.medal-table tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.querySelector('.code')?.textContent ?? c.textContent))",
    )
    assert rows == [
        [
            str(r["rank"]),
            r["country"],
            str(r["gold"]),
            str(r["silver"]),
            str(r["bronze"]),
            str(r["total"]),
        ]
        for r in table["rows"]
    ]
    assert tab.get_by_role("link", name="Men’s 1500m", exact=True).is_visible()
    assert tab.get_by_role("link", name="Women’s 1500m", exact=True).is_visible()


def test_a_final_in_full_with_kerrs_injury_note(page: Page, web_server: str) -> None:
    tab = page.open("/competitions/world-championships-2025")
    tab.get_by_role("link", name="Men’s 1500m", exact=True).click()
    tab.wait_for_url(ends("/competitions/world-championships-2025/events/men-1500m"))
    page.ready()
    final = api(
        web_server, "/v1/competitions/world-championships-2025/events/men-1500m/rounds/final"
    )
    assert tab.locator("table.result tbody tr").count() == len(final["placings"])
    kerr = tab.locator('table.result tr[data-athlete="josh-kerr"]')
    cells = kerr.locator("td, th").all_inner_texts()
    assert cells[0].strip() == "14"
    assert "Josh Kerr" in cells[1] and "GBR" in cells[2] and cells[3] == "4:11.23"
    assert "calf injury" in kerr.locator("td.note").inner_text()

    # Record flags and status, on the Paris final (Hocker: OR and PB).
    tab = page.open("/competitions/olympic-games-2024/events/men-1500m")
    hocker = tab.locator('table.result tr[data-athlete="cole-hocker"]')
    assert hocker.locator("abbr.flag").all_inner_texts() == ["OR", "PB"]
    assert hocker.locator("abbr.flag").first.get_attribute("title") == "Olympic record"


def test_head_to_head_with_the_finals_only_switch(page: Page, web_server: str) -> None:
    tab = page.open("/head-to-head")
    tab.get_by_label("Athlete", exact=True).press_sequentially("kerr", delay=20)
    tab.get_by_role("button", name="Josh Kerr").click()
    tab.get_by_label("Opponent").press_sequentially("ingebrigtsen", delay=20)
    tab.get_by_role("button", name="Jakob Ingebrigtsen").click()
    tab.wait_for_url(ends("/head-to-head/josh-kerr/jakob-ingebrigtsen"))
    page.ready()

    def score() -> tuple[int, int]:
        element = tab.locator(".score")
        return int(element.get_attribute("data-wins")), int(element.get_attribute("data-losses"))

    every = api(web_server, "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen")
    assert score() == (every["wins"], every["losses"])
    assert tab.locator("table.races tbody tr").count() == len(every["races"])

    tab.get_by_label("Finals only").check()
    tab.wait_for_url(ends("/head-to-head/josh-kerr/jakob-ingebrigtsen?final_only=true"))
    page.ready()
    finals = api(
        web_server, "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen?final_only=true"
    )
    assert score() == (finals["wins"], finals["losses"]) == (2, 1)
    assert tab.locator("table.races tbody tr").count() == len(finals["races"])
    assert tab.get_by_label("Finals only").is_checked()

    tab.go_back()
    tab.wait_for_url(ends("/head-to-head/josh-kerr/jakob-ingebrigtsen"))
    page.ready()
    assert not tab.get_by_label("Finals only").is_checked()


def test_repeat_medallists_three_olympic_1500m_finals(page: Page, web_server: str) -> None:
    tab = page.open("/medallists")
    tab.get_by_label("Discipline").select_option("1500m")
    tab.get_by_label("Championship").select_option("olympic-games")
    tab.get_by_label("Sex").select_option("women")
    tab.get_by_label("At least N finals with a medal").fill("3")
    tab.get_by_role("button", name="Ask").click()
    tab.wait_for_url(
        ends("/medallists?discipline=1500m&series=olympic-games&sex=women&min_editions=3")
    )
    page.ready()
    people = tab.eval_on_selector_all("li.medallist", "items => items.map(i => i.dataset.athlete)")
    assert people == ["faith-kipyegon"]
    assert "1 athlete medalled at 3 or more separate Women Olympic Games 1500m finals" in (
        tab.inner_text("h2.answer")
    )
    assert tab.locator("li.medallist .mini-medals li.gold").count() == 3

    tab.get_by_label("Sex").select_option("men")
    tab.get_by_label("At least N finals with a medal").fill("2")
    tab.get_by_role("button", name="Ask").click()
    tab.wait_for_url(
        ends("/medallists?discipline=1500m&series=olympic-games&sex=men&min_editions=2")
    )
    page.ready()
    answer = api(
        web_server,
        "/v1/medallists?discipline=1500m&series=olympic-games&sex=men&min_editions=2&limit=100",
    )
    people = tab.eval_on_selector_all("li.medallist", "items => items.map(i => i.dataset.athlete)")
    assert people == [item["athlete"]["slug"] for item in answer["items"]]
    assert {"josh-kerr", "nicholas-willis"} <= set(people)

    tab.go_back()
    tab.wait_for_url(ends("sex=women&min_editions=3"))
    page.ready()
    assert tab.get_by_label("Sex").input_value() == "women"


def test_unknown_athlete_gets_a_friendly_message(page: Page) -> None:
    tab = page.tab
    tab.goto("/athletes/no-such-runner")
    # The page is an error page, not a blank one.
    tab.wait_for_selector("main[data-state=error]")
    assert tab.get_by_role("heading", level=1).inner_text() == "Athlete not found"
    assert "no-such-runner" in tab.get_by_role("alert").inner_text()
    assert tab.get_by_role("link", name="Search for “no such runner”").is_visible()


def test_unreachable_api_gets_a_friendly_message_and_a_retry(page: Page) -> None:
    tab = page.tab
    tab.route("**/v1/**", lambda route: route.abort("connectionrefused"))
    tab.goto("/athletes/josh-kerr")
    tab.wait_for_selector("main[data-state=error]")
    assert tab.get_by_role("heading", level=1).inner_text() == "Podium’s API can’t be reached"
    tab.unroute("**/v1/**")
    tab.get_by_role("button", name="Try again").click()
    page.ready()
    tab.locator("li.medal").first.wait_for()


def test_api_answers_are_revalidated_with_etags(page: Page) -> None:
    """Back to a page: the browser asks again with If-None-Match (the server answers 304, which
    the browser reports as its cached 200)."""
    page.open("/athletes/josh-kerr")
    page.tab.get_by_role("link", name="Repeat medallists").click()
    page.ready()
    cabinet = "/v1/athletes/josh-kerr/medals"
    # Wait for the revalidation itself: the page can be ready (and its medals drawn) before
    # Playwright has delivered the answer's response event to this process.
    with page.tab.expect_response(lambda response: response.url.endswith(cabinet)) as again:
        page.tab.go_back()
    page.ready()
    page.tab.locator("li.medal").first.wait_for()
    first = [hit for hit in page.api if hit[0] == cabinet]
    assert len(first) >= 1, page.api
    (_, _, first_sent, etag) = first[0]
    assert first_sent is None and etag and etag.startswith('W/"')
    revalidation = again.value
    assert revalidation.request.all_headers().get("if-none-match") == etag
    assert revalidation.status == 200


def test_swagger_and_redoc_render_offline(page: Page, web_server: str) -> None:
    outside: list[str] = []

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(web_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_this_server)
    operations = sum(len(ops) for ops in api(web_server, "/openapi.json")["paths"].values())
    tab = page.tab
    tab.goto("/docs")
    tab.wait_for_selector(".opblock")
    tab.wait_for_function(f"document.querySelectorAll('.opblock').length === {operations}")
    assert (
        tab.get_by_text("getAthleteMedals").count()
        or tab.get_by_text("/v1/athletes/{slug}/medals").count()
    )
    tab.goto("/redoc")
    tab.wait_for_selector("text=Download OpenAPI specification")
    tab.get_by_text("medals", exact=True).first.wait_for()
    assert outside == []


def test_first_render_page_weight_and_no_foreign_assets(page: Page, capsys: Any) -> None:
    tab = page.open("/athletes/josh-kerr")
    rendered = tab.evaluate(
        "performance.getEntriesByName('podium:rendered')[0].startTime + performance.getEntriesByName('podium:rendered')[0].duration"
    )
    weight = sum(p.stat().st_size for p in STATIC.rglob("*") if p.suffix in (".js", ".css"))
    with capsys.disabled():
        print(
            f"\n[web] first render of /athletes/josh-kerr: {rendered:.0f} ms; JS+CSS {weight} bytes"
        )
    # The render time is printed, not asserted: tests check behaviour, and this machine is shared.
    assert rendered > 0
    assert weight < 100_000
    loaded = {url.removeprefix(page.base) for url in page.requests}
    assert "/assets/app.css" in loaded and "/assets/js/main.js" in loaded


PAGES = [
    ("search", "/?q=kip"),
    ("athlete", "/athletes/josh-kerr"),
    ("competition", "/competitions/olympic-games-2024"),
    ("final", "/competitions/world-championships-2025/events/men-1500m"),
    ("head-to-head", "/head-to-head/josh-kerr/jakob-ingebrigtsen"),
    ("medallists", "/medallists?discipline=1500m&series=olympic-games&sex=men&min_editions=2"),
    ("championships", "/competitions"),
    ("unknown athlete", "/athletes/no-such-runner"),
]


def axe_source() -> str:
    if not (shutil.which("node") and shutil.which("npm")):
        unavailable("Node.js and npm are needed to install axe-core (tests/sdk)")
    from tests.sdk.toolchain import NODE_MODULES, ensure_node_modules

    ensure_node_modules()
    return (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_findings(browser: Any, web_server: str, viewport: Any) -> None:
    source = axe_source()
    tab = Page(browser, web_server, viewport, bypass_csp=True)
    findings = {}
    try:
        for name, path in PAGES:
            tab.tab.goto(path)
            tab.tab.wait_for_selector("main[data-state=ready], main[data-state=error]")
            tab.tab.add_script_tag(content=source)
            result = tab.tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                findings[name] = serious
    finally:
        tab.close()
    assert findings == {}


def test_keyboard_only_search_to_cabinet(page: Page) -> None:
    tab = page.open("/")
    tab.keyboard.type("kipyegon", delay=20)
    tab.get_by_role("link", name="Faith Kipyegon").wait_for()
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.textContent").startswith("Faith Kipyegon")
    tab.keyboard.press("Enter")
    tab.wait_for_url(ends("/athletes/faith-kipyegon"))
    page.ready()
    assert tab.evaluate("document.activeElement.tagName") == "H1"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("athlete", "/athletes/josh-kerr"),
        ("competition", "/competitions/olympic-games-2024"),
        ("medallists", "/medallists?discipline=1500m&series=olympic-games&sex=men&min_editions=2"),
    ],
)
def test_screenshots_for_the_readme(browser: Any, web_server: str, name: str, path: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab = Page(browser, web_server, viewport)
        try:
            tab.open(path)
            width = tab.tab.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} overflows sideways at {viewport['width']}px"
            tab.tab.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        finally:
            tab.close()
        assert tab.errors == []


def test_history_of_a_reallocated_final(page: Page, web_server: str) -> None:
    """London 2012 women's 1500m: the podium before the disqualifications, by clicking."""
    tab = page.open("/competitions/olympic-games-2012/events/women-1500m")
    history = tab.get_by_role("region", name="History of this result")
    history.get_by_role("link", name="Result before this ruling").first.click()
    tab.wait_for_url("**as_of=2015-08-16")
    tab.get_by_role("status").filter(has_text="As it stood at the end of").wait_for()
    rows = tab.locator("table.result tbody tr")
    rows.first.filter(has_text="Aslı Çakır Alptekin").wait_for()
    tab.get_by_label("Result as it stood on").fill("2020-01-01")
    tab.get_by_role("button", name="Show").click()
    tab.wait_for_url("**as_of=2020-01-01")
    tab.get_by_role("link", name="Show the current result").click()
    tab.wait_for_url("**/events/women-1500m")
    rows.first.filter(has_text="Maryam Yusuf Jamal").wait_for()
