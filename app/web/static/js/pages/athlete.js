// An athlete's medal cabinet: medals drawn by colour, grouped by series and year, with totals.
import { ApiError, countries, get } from "../api.js";
import { h, sr } from "../dom.js";
import {
  badge,
  competitionHref,
  eventHref,
  eventLabel,
  formatDate,
  MEDAL_LABEL,
  medalDisc,
  ordinal,
  seriesLabel,
  SEXES,
  totalsStrip,
} from "../ui.js";
import { coverageLine } from "./coverage.js";

function medalItem(medal) {
  const competition = medal.competition;
  const event = medal.event;
  return h(
    "li",
    {
      class: `medal ${medal.medal}`,
      dataset: { medal: medal.medal, competition: competition.slug, event: event.slug },
    },
    medalDisc(medal.medal, { place: medal.place }),
    h(
      "div",
      { class: "medal-body" },
      h(
        "p",
        { class: "medal-title" },
        h("strong", {}, MEDAL_LABEL[medal.medal]),
        " · ",
        h("a", { href: eventHref(competition.slug, event.slug) }, eventLabel(event.sex, event.discipline)),
      ),
      h(
        "p",
        { class: "medal-facts" },
        h("span", { class: "mark" }, medal.mark ? medal.mark : h("span", { title: "Mark not known" }, "mark unknown")),
        " · ",
        h("span", { class: "place" }, medal.place ? `${ordinal(medal.place)} place` : "place unknown"),
        medal.country ? [" · ", h("span", { class: "for" }, `for ${medal.country}`)] : null,
        medal.date ? [" · ", h("time", { datetime: medal.date }, formatDate(medal.date))] : null,
      ),
      medal.relay || medal.reallocated
        ? h(
            "p",
            { class: "badges" },
            medal.relay ? badge("Relay", "won as a member of a relay team", "relay") : null,
            medal.reallocated ? badge("Reallocated", "awarded after another athlete’s disqualification", "reallocated") : null,
          )
        : null,
    ),
  );
}

function groupBySeries(medals, bySeries) {
  const groups = new Map(bySeries.map((row) => [row.series, { totals: row, editions: new Map() }]));
  for (const medal of medals) {
    const series = medal.competition.series;
    if (!groups.has(series)) groups.set(series, { totals: null, editions: new Map() });
    const editions = groups.get(series).editions;
    const key = medal.competition.slug;
    if (!editions.has(key)) editions.set(key, { competition: medal.competition, medals: [] });
    editions.get(key).medals.push(medal);
  }
  return groups;
}

function unknownAthlete(slug) {
  const guess = slug.replace(/-/g, " ");
  return h(
    "section",
    { class: "error", role: "alert" },
    h("h1", {}, "Athlete not found"),
    h("p", {}, `Podium has no athlete at “${slug}”. The address may be mistyped, or the athlete is not in Podium’s data yet.`),
    h("p", { class: "actions" }, h("a", { href: `/?q=${encodeURIComponent(guess)}` }, `Search for “${guess}”`), " · ", h("a", { href: "/competitions" }, "Browse championships")),
  );
}

export async function render({ params: [slug], signal }) {
  const cabinetRequest = get(`/v1/athletes/${encodeURIComponent(slug)}/medals`, { signal }).catch((error) => {
    if (error instanceof ApiError && error.kind === "not-found") return null;
    throw error;
  });
  const [cabinet, athlete, names, coverage] = await Promise.all([
    cabinetRequest,
    get(`/v1/athletes/${encodeURIComponent(slug)}`, { signal }).catch(() => null),
    countries().catch(() => null),
    coverageLine(),
  ]);
  if (!cabinet) return { title: "Athlete not found", node: unknownAthlete(slug), error: true };
  const person = cabinet.athlete;
  const countryName = names?.get(person.country);
  const facts = [
    countryName ? `${countryName} (${person.country})` : person.country,
    athlete && SEXES[athlete.sex],
    athlete?.birth_date ? `born ${formatDate(athlete.birth_date)}` : null,
  ].filter(Boolean);

  const groups = groupBySeries(cabinet.medals, cabinet.by_series);
  const sections = [...groups].map(([series, group]) => {
    const id = `series-${series}`;
    const editions = [...group.editions.values()].sort((a, b) => a.competition.year - b.competition.year);
    return h(
      "section",
      { class: "series", "aria-labelledby": id },
      h(
        "div",
        { class: "series-head" },
        h("h2", { id }, seriesLabel(series)),
        group.totals ? totalsStrip(group.totals, `${seriesLabel(series)} medals`) : null,
      ),
      h(
        "ol",
        { class: "editions" },
        editions.map(({ competition, medals }) =>
          h(
            "li",
            { class: "edition" },
            h(
              "h3",
              {},
              h("span", { class: "year" }, String(competition.year)),
              " ",
              h("a", { href: competitionHref(competition.slug) }, competition.name),
            ),
            h("ul", { class: "medals" }, medals.map(medalItem)),
          ),
        ),
      ),
    );
  });

  const node = h(
    "article",
    { class: "athlete" },
    h(
      "header",
      { class: "page-head" },
      h("p", { class: "kicker" }, "Medal cabinet"),
      h("h1", {}, person.name),
      h("p", { class: "facts" }, facts.join(" · ")),
    ),
    h(
      "section",
      { class: "cabinet-summary", "aria-labelledby": "totals-title" },
      h("h2", { id: "totals-title", class: "sr-only" }, "Totals"),
      totalsStrip(cabinet.totals, "All medals"),
      coverage,
    ),
    cabinet.medals.length
      ? sections
      : h("p", { class: "empty" }, `${person.name} has no championship medal in Podium’s data.`),
    h(
      "p",
      { class: "actions" },
      h("a", { class: "button", href: `/head-to-head/${encodeURIComponent(person.slug)}` }, "Compare head-to-head", sr(` with ${person.name}`)),
    ),
  );
  return { title: `${person.name}: medal cabinet`, node };
}

