// A championship: its medal table (of the events Podium holds) and its events.
import { countries, coverage, coverageOf, get } from "../api.js";
import { h } from "../dom.js";
import {
  country,
  coverageBadge,
  coverageCounts,
  eventHref,
  eventLabel,
  formatDate,
  MEDAL_LABEL,
  MEDALS,
  seriesLabel,
  tableRegion,
} from "../ui.js";

function medalTable(table, names) {
  if (!table.rows.length) return h("p", { class: "empty" }, "No medals in Podium’s data for this championship.");
  const head = h(
    "tr",
    {},
    h("th", { scope: "col" }, "Rank"),
    h("th", { scope: "col" }, "Country"),
    MEDALS.map((medal) => h("th", { scope: "col", class: `num ${medal}` }, MEDAL_LABEL[medal])),
    h("th", { scope: "col", class: "num" }, "Total"),
  );
  const rows = table.rows.map((row) =>
    h(
      "tr",
      { dataset: { country: row.country } },
      h("td", { class: "num" }, String(row.rank)),
      h("th", { scope: "row" }, country(row.country, names)),
      MEDALS.map((medal) => h("td", { class: `num ${medal}` }, String(row[medal]))),
      h("td", { class: "num total" }, String(row.total)),
    ),
  );
  const totals = table.totals;
  return tableRegion(
    "Medal table",
    h(
      "table",
      { class: "medal-table" },
      h("caption", { class: "sr-only" }, "Medal table"),
      h("thead", {}, head),
      h("tbody", {}, rows),
      h(
        "tfoot",
        {},
        h(
          "tr",
          {},
          h("td", {}),
          h("th", { scope: "row" }, "Total"),
          MEDALS.map((medal) => h("td", { class: `num ${medal}` }, String(totals[medal]))),
          h("td", { class: "num total" }, String(totals.total)),
        ),
      ),
    ),
  );
}

export async function render({ params: [slug], signal }) {
  const path = `/v1/competitions/${encodeURIComponent(slug)}`;
  const [competition, table, names, report] = await Promise.all([
    get(path, { signal }),
    get(`${path}/medal-table`, { signal }),
    countries().catch(() => null),
    coverage(),
  ]);
  const held = coverageCounts(coverageOf(report, competition.slug));
  const dates = [formatDate(competition.start_date), formatDate(competition.end_date)].filter(Boolean).join(" – ");
  const where = [competition.city, competition.host_country && (names?.get(competition.host_country) || competition.host_country)]
    .filter(Boolean)
    .join(", ");
  const events = [...competition.events].sort((a, b) =>
    eventLabel(a.sex, a.discipline).localeCompare(eventLabel(b.sex, b.discipline), "en", { numeric: true }),
  );

  const node = h(
    "article",
    { class: "competition" },
    h(
      "header",
      { class: "page-head" },
      h("p", { class: "kicker" }, `${seriesLabel(competition.series)} · ${competition.year}`),
      h("h1", {}, competition.name),
      h("p", { class: "facts" }, [where, dates].filter(Boolean).join(" · ")),
      held ? h("p", { class: "coverage-line" }, h("strong", {}, "Coverage: "), held) : null,
    ),
    h(
      "div",
      { class: "two-col" },
      h(
        "section",
        { "aria-labelledby": "table-title" },
        h("h2", { id: "table-title" }, "Medal table"),
        h("p", { class: "hint" }, "Counted over the events Podium holds for this championship; a relay team counts once."),
        medalTable(table, names),
      ),
      h(
        "section",
        { "aria-labelledby": "events-title" },
        h("h2", { id: "events-title" }, "Events"),
        events.length
          ? h(
              "ul",
              { class: "event-list" },
              events.map((event) =>
                h(
                  "li",
                  {},
                  h("a", { href: eventHref(competition.slug, event.slug) }, eventLabel(event.sex, event.discipline)),
                  " ",
                  coverageBadge(event.coverage),
                ),
              ),
            )
          : h("p", { class: "empty" }, "No events in Podium’s data."),
      ),
    ),
    competition.notes ? h("section", { "aria-labelledby": "notes-title" }, h("h2", { id: "notes-title" }, "Notes"), h("p", { class: "notes" }, competition.notes)) : null,
    competition.sources?.length
      ? h(
          "details",
          { class: "sources" },
          h("summary", {}, `Sources (${competition.sources.length})`),
          h("ul", {}, competition.sources.map((url) => h("li", {}, h("a", { href: url, rel: "noopener noreferrer external" }, url)))),
        )
      : null,
  );
  return { title: competition.name, node };
}
