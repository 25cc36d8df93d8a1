// An event at a championship: the final's full result (or another round's, ?round=heat-1).
import { countries, get } from "../api.js";
import { h } from "../dom.js";
import {
  athleteHref,
  badge,
  competitionHref,
  country,
  coverageBadge,
  eventHref,
  eventLabel,
  formatDate,
  medalDisc,
  recordFlags,
  roundLabel,
  seriesLabel,
  statusCell,
  tableRegion,
} from "../ui.js";

const MEDAL_BY_PLACE = { 1: "gold", 2: "silver", 3: "bronze" };

function who(placing) {
  if (placing.athlete) {
    return h("a", { href: athleteHref(placing.athlete.slug) }, placing.athlete.name);
  }
  const members = placing.members || [];
  return h(
    "span",
    { class: "team" },
    h("span", {}, `${placing.country || "Team"} team`),
    members.length
      ? h(
          "span",
          { class: "members" },
          " (",
          members.map((m, i) => [i ? ", " : "", m.slug ? h("a", { href: athleteHref(m.slug) }, m.name) : m.name]),
          ")",
        )
      : null,
  );
}

function resultTable(result, names) {
  const medalled = (p) => p.status === "ok" && MEDAL_BY_PLACE[p.place];
  const rows = result.placings.map((p) =>
    h(
      "tr",
      { class: medalled(p) ? `podium-row ${MEDAL_BY_PLACE[p.place]}` : null, dataset: { athlete: p.athlete?.slug || "", place: p.place ?? "" } },
      h("td", { class: "num place", "data-label": "Place" }, medalled(p) ? medalDisc(MEDAL_BY_PLACE[p.place], { small: true }) : null, p.place ? String(p.place) : "–"),
      h("th", { scope: "row", "data-label": "Athlete" }, who(p), p.reallocated ? [" ", badge("Reallocated", "place changed after a disqualification", "reallocated")] : null),
      h("td", { "data-label": "Country" }, country(p.country, names)),
      h("td", { class: "mark", "data-label": "Mark" }, p.mark || "–"),
      h("td", { "data-label": "Records" }, recordFlags(p.records)),
      h("td", { "data-label": "Status" }, statusCell(p.status), p.qualification ? ` ${p.qualification}` : null),
      h("td", { class: "note", "data-label": "Notes" }, p.note || null),
    ),
  );
  return tableRegion(
    "Result",
    h(
      "table",
      { class: "result" },
      h("caption", {}, `${roundLabel(result.slug)} result`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Place", "Athlete", "Country", "Mark", "Records", "Status", "Notes"].map((label) => h("th", { scope: "col" }, label)),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

// The corrections of this round and a date picker to see the result as it stood on a day.
function history(competitionSlug, eventSlug, roundSlug, changes, asOf, navigate) {
  const days = [...new Set(changes.map((c) => c.effective_date))].sort();
  const base = eventHref(competitionSlug, eventSlug, roundSlug);
  const href = (day) => `${base}${base.includes("?") ? "&" : "?"}as_of=${day}`;
  const submit = (event) => {
    event.preventDefault();
    const day = new FormData(event.target).get("as_of");
    if (day) navigate(href(day));
  };
  return h(
    "section",
    { class: "history", "aria-labelledby": "history-title" },
    h("h2", { id: "history-title" }, "History of this result"),
    days.length
      ? h(
          "ol",
          {},
          days.map((day) => {
            const onDay = changes.filter((c) => c.effective_date === day);
            const before = new Date(Date.parse(day) - 86400000).toISOString().slice(0, 10);
            return h(
              "li",
              {},
              h("strong", {}, formatDate(day)),
              ` — ${onDay[0].reason} `,
              h("a", { href: href(before) }, "Result before this ruling"),
            );
          }),
        )
      : null,
    h(
      "form",
      { class: "as-of", onsubmit: submit },
      h("label", { for: "as-of" }, "Result as it stood on"),
      " ",
      h("input", { id: "as-of", name: "as_of", type: "date", value: asOf || "", required: true }),
      " ",
      h("button", { type: "submit" }, "Show"),
    ),
  );
}

export async function render({ params: [competitionSlug, eventSlug], query, signal, navigate }) {
  const base = `/v1/competitions/${encodeURIComponent(competitionSlug)}/events/${encodeURIComponent(eventSlug)}`;
  const [event, names] = await Promise.all([get(base, { signal }), countries().catch(() => null)]);
  const competition = event.competition;
  const title = `${eventLabel(event.sex, event.discipline)} · ${competition.name}`;
  const rounds = event.rounds || [];
  const wanted = query.get("round");
  const chosen =
    rounds.find((r) => r.slug === wanted) ||
    rounds.find((r) => r.slug === "final") ||
    rounds.find((r) => r.phase === "final") ||
    rounds[rounds.length - 1];
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(query.get("as_of") || "") ? query.get("as_of") : null;
  const roundUrl = chosen && `${base}/rounds/${encodeURIComponent(chosen.slug)}`;
  const result = chosen ? await get(asOf ? `${roundUrl}?as_of=${asOf}` : roundUrl, { signal }) : null;
  const corrected = result && (asOf || result.placings.some((p) => p.reallocated));
  const changes = corrected
    ? (await get(`/v1/changes?competition=${encodeURIComponent(competition.slug)}&limit=200`, { signal })).items.filter(
        (c) => c.event === event.slug && c.round === chosen.slug,
      )
    : [];

  const node = h(
    "article",
    { class: "event" },
    h(
      "header",
      { class: "page-head" },
      h("p", { class: "kicker" }, h("a", { href: competitionHref(competition.slug) }, competition.name), ` · ${seriesLabel(competition.series)}`),
      h("h1", {}, eventLabel(event.sex, event.discipline)),
      h(
        "p",
        { class: "facts" },
        [chosen && roundLabel(chosen.slug), chosen?.date && formatDate(chosen.date), chosen?.wind != null ? `wind ${chosen.wind} m/s` : null].filter(Boolean).join(" · "),
        " ",
        coverageBadge(event.coverage),
      ),
    ),
    rounds.length > 1
      ? h(
          "nav",
          { class: "rounds", "aria-label": "Rounds" },
          h(
            "ul",
            {},
            rounds.map((r) =>
              h("li", {}, h("a", { href: eventHref(competition.slug, event.slug, r.slug), "aria-current": r.slug === chosen.slug ? "page" : null }, roundLabel(r.slug))),
            ),
          ),
        )
      : null,
    asOf
      ? h(
          "p",
          { class: "hint", role: "status" },
          `As it stood at the end of ${formatDate(asOf)}. `,
          h("a", { href: eventHref(competition.slug, event.slug, chosen.slug) }, "Show the current result"),
        )
      : null,
    result && !result.placings.length && asOf
      ? h("p", { class: "empty" }, "This round had not been run by then.")
      : result
        ? resultTable(result, names)
        : h("p", { class: "empty" }, "Podium holds no round of this event."),
    corrected ? history(competition.slug, event.slug, chosen.slug, changes, asOf, navigate) : null,
    result && (event.coverage === "medallists" || event.coverage === "partial")
      ? h("p", { class: "hint" }, event.coverage === "medallists"
          ? "Podium holds only this event’s medallists, so the other finishers are not listed."
          : "Podium holds the medallists and some other finishers of this final, not all of them.")
      : null,
  );
  return { title, node };
}
