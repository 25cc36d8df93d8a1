// Repeat medallists: who medalled at N or more separate finals of a discipline and series?
import { disciplines, get, q } from "../api.js";
import { h } from "../dom.js";
import {
  athleteHref,
  competitionHref,
  disciplineLabel,
  eventHref,
  MEDAL_LABEL,
  medalDisc,
  SERIES,
  seriesLabel,
  SEXES,
  totalsStrip,
} from "../ui.js";

// With no question in the URL, the one Podium was built for.
const DEFAULTS = { discipline: "1500m", series: "olympic-games", sex: "", min_editions: "3" };

function select(id, label, options, value) {
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("select", { id, name: id }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))),
  );
}

function sentence(count, filters) {
  const what = [filters.sex ? SEXES[filters.sex] : null, filters.series ? seriesLabel(filters.series) : "championship", filters.discipline ? disciplineLabel(filters.discipline) : null]
    .filter(Boolean)
    .join(" ");
  const n = Number(filters.min_editions);
  const times = n === 1 ? "at least one" : `${n} or more separate`;
  return `${count} athlete${count === 1 ? "" : "s"} medalled at ${times} ${what} final${n === 1 ? "" : "s"}.`;
}

export async function render({ query, signal, navigate }) {
  const filters = location.search ? Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, query.get(k) || ""])) : { ...DEFAULTS };
  const min = Math.min(50, Math.max(1, Number.parseInt(filters.min_editions, 10) || 1));
  filters.min_editions = String(min);
  const [list, page] = await Promise.all([
    disciplines(),
    get(`/v1/medallists${q({ ...filters, limit: 100 })}`, { signal }),
  ]);
  const form = h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.target);
        const params = new URLSearchParams();
        for (const key of Object.keys(DEFAULTS)) params.set(key, data.get(key) || "");
        navigate(`/medallists?${params}`, { keepFocus: true });
      },
    },
    select("discipline", "Discipline", [["", "Any discipline"], ...list.map((d) => [d.code, d.name])], filters.discipline),
    select("series", "Championship", [["", "Any championship"], ...Object.entries(SERIES)], filters.series),
    select("sex", "Sex", [["", "Men and women"], ...Object.entries(SEXES)], filters.sex),
    h(
      "div",
      { class: "field" },
      h("label", { for: "min_editions" }, "At least N finals with a medal"),
      h("input", { id: "min_editions", name: "min_editions", type: "number", min: "1", max: "50", inputmode: "numeric", value: String(min) }),
    ),
    h("div", { class: "field submit" }, h("button", { type: "submit", id: "ask" }, "Ask")),
  );

  const items = page.items.map((item) =>
    h(
      "li",
      { class: "medallist", dataset: { athlete: item.athlete.slug, editions: item.editions } },
      h(
        "div",
        { class: "who" },
        h("h3", {}, h("a", { href: athleteHref(item.athlete.slug) }, item.athlete.name)),
        h("p", { class: "facts" }, `${item.athlete.country || ""} · ${item.editions} finals with a medal`),
        totalsStrip(item.totals, `${item.athlete.name}’s medals`),
      ),
      h(
        "ol",
        { class: "mini-medals" },
        item.medals.map((medal) =>
          h(
            "li",
            { class: medal.medal },
            medalDisc(medal.medal, { small: true }),
            h(
              "span",
              {},
              h("a", { href: competitionHref(medal.competition.slug) }, String(medal.competition.year)),
              " ",
              h("a", { href: eventHref(medal.competition.slug, medal.event.slug), class: "sub" }, `${MEDAL_LABEL[medal.medal]}${medal.mark ? `, ${medal.mark}` : ""}`),
            ),
          ),
        ),
      ),
    ),
  );

  const node = h(
    "article",
    { class: "medallists" },
    h("h1", {}, "Repeat medallists"),
    h("p", { class: "lede" }, "Who won medals at several separate championship finals? Choose a discipline, a championship and how many finals."),
    form,
    h(
      "section",
      { "aria-labelledby": "answer" },
      h("h2", { id: "answer", class: "answer" }, sentence(page.total, filters)),
      page.total > page.items.length ? h("p", { class: "hint" }, `Showing the first ${page.items.length}.`) : null,
      items.length ? h("ul", { class: "medallist-list" }, items) : null,
    ),
  );
  return { title: "Repeat medallists", node };
}
