// Search as you type (accent- and case-insensitive: the API folds both) and the headline questions.
import { get, q } from "../api.js";
import { h } from "../dom.js";
import { athleteHref, SEXES } from "../ui.js";

const QUESTIONS = [
  ["/athletes/josh-kerr", "Josh Kerr’s medal cabinet"],
  ["/medallists?discipline=1500m&series=olympic-games&sex=women&min_editions=3", "Who medalled at three Olympic 1500m finals?"],
  ["/competitions/olympic-games-2024", "The Paris 2024 medal table"],
  ["/competitions/world-championships-2025/events/men-1500m", "The Tokyo 2025 men’s 1500m final"],
  ["/head-to-head/josh-kerr/jakob-ingebrigtsen?final_only=true", "Kerr v Ingebrigtsen in finals"],
];

export async function render({ query, navigate }) {
  const initial = query.get("q") || "";
  const input = h("input", {
    id: "search",
    type: "search",
    name: "q",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "e.g. Kipyegon, nordas, el guerrouj",
    "aria-describedby": "search-hint",
    "aria-controls": "search-results",
    value: initial,
  });
  const status = h("p", { id: "search-status", class: "status-line", role: "status", "aria-live": "polite" });
  const results = h("ul", { id: "search-results", class: "results" });
  let controller = null;
  let timer = null;

  async function search(text, { record = true } = {}) {
    controller?.abort();
    const term = text.trim();
    if (record) {
      // The URL follows the box (shareable), without a history entry per keystroke.
      history.replaceState(null, "", term ? `/?q=${encodeURIComponent(term)}` : "/");
    }
    if (!term) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    controller = new AbortController();
    const { signal } = controller;
    try {
      const page = await get(`/v1/athletes${q({ q: term, limit: 20 })}`, { signal });
      results.replaceChildren(
        ...page.items.map((athlete) =>
          h(
            "li",
            {},
            h(
              "a",
              { href: athleteHref(athlete.slug), class: "athlete-link" },
              h("span", { class: "name" }, athlete.name),
              " ",
              h("span", { class: "meta" }, [athlete.country, SEXES[athlete.sex]].filter(Boolean).join(" · ")),
            ),
          ),
        ),
      );
      const more = page.total > page.items.length ? ` (showing ${page.items.length})` : "";
      status.textContent =
        page.total === 0 ? `No athlete matches “${term}”.` : `${page.total} athlete${page.total === 1 ? "" : "s"} found${more}.`;
    } catch (error) {
      if (error.name === "AbortError") return;
      results.replaceChildren();
      status.textContent =
        error.kind === "unreachable"
          ? "Podium’s API can’t be reached right now. Please try again."
          : "The search failed. Please try again.";
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    // Unless the reader has moved on to another page meanwhile.
    timer = setTimeout(() => input.isConnected && search(input.value), 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = results.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Enter") {
      const links = results.querySelectorAll("a");
      if (links.length === 1) {
        event.preventDefault();
        navigate(links[0].href);
      }
    }
  });
  results.addEventListener("keydown", (event) => {
    const links = [...results.querySelectorAll("a")];
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === "ArrowDown" && index < links.length - 1) links[index + 1].focus();
    else if (event.key === "ArrowUp") (index === 0 ? input : links[index - 1]).focus();
    else return;
    event.preventDefault();
  });

  const form = h(
    "form",
    { class: "search", role: "search", onsubmit: (event) => { event.preventDefault(); search(input.value); } },
    h("label", { for: "search" }, "Find an athlete"),
    h("div", { class: "search-row" }, input, h("button", { type: "submit" }, "Search")),
    h("p", { id: "search-hint", class: "hint" }, "Results appear as you type; accents and capitals don’t matter."),
  );

  const node = h(
    "div",
    { class: "home" },
    h("h1", {}, "Athletics medal cabinets"),
    h("p", { class: "lede" }, "Every Olympic and World Championships medal Podium holds: cabinets, medal tables, full finals and head-to-heads."),
    form,
    status,
    results,
    h(
      "section",
      { "aria-labelledby": "questions" },
      h("h2", { id: "questions" }, "Ask Podium"),
      h("ul", { class: "questions" }, QUESTIONS.map(([href, text]) => h("li", {}, h("a", { href }, text)))),
    ),
  );
  if (initial) await search(initial, { record: false });
  return {
    title: initial ? `Search: ${initial}` : "",
    node,
    after: () => {
      // Typing starts straight away on the search page.
      if (document.activeElement === document.body || document.activeElement?.tagName === "H1") input.focus();
    },
  };
}

