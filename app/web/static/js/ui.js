// Labels and small components shared by the pages.
import { h, sr } from "./dom.js";

/** Series code → name, learnt from GET /v1/series (series are data: a new one needs no code). */
export const SERIES = {};
export function learnSeries(items) {
  for (const { code, name } of items) SERIES[code] = name;
}
export const seriesLabel = (slug) => SERIES[slug] || titleCase(slug);

export const SEXES = { men: "Men", women: "Women", mixed: "Mixed" };
const SEX_POSSESSIVE = { men: "Men’s", women: "Women’s", mixed: "Mixed" };

export const MEDALS = ["gold", "silver", "bronze"];
export const MEDAL_LABEL = { gold: "Gold", silver: "Silver", bronze: "Bronze" };

export const RECORDS = {
  WR: "World record",
  OR: "Olympic record",
  CR: "Championship record",
  AR: "Area record",
  NR: "National record",
  PB: "Personal best",
  SB: "Season best",
  WL: "World lead",
};

export const STATUS = {
  ok: ["OK", "Finished"],
  dnf: ["DNF", "Did not finish"],
  dns: ["DNS", "Did not start"],
  dq: ["DQ", "Disqualified"],
  nm: ["NM", "No mark"],
};

// Event coverage levels, most complete first.
export const COVERAGE = {
  "all-rounds": ["All rounds", "Podium holds every round of this event"],
  final: ["Full final", "Podium holds the whole final"],
  partial: ["Partial final", "Podium holds the medallists and some other finishers"],
  medallists: ["Medallists only", "Podium holds this event’s medallists only"],
};

/** "2 events held: 1 full final, 1 medallists only" from a /v1/coverage entry. */
export function coverageCounts(entry) {
  if (!entry || typeof entry !== "object" || !entry.total) return null;
  const parts = Object.keys(COVERAGE)
    .filter((level) => entry[level])
    .map((level) => `${entry[level]} ${COVERAGE[level][0].toLowerCase()}`);
  return `${entry.total} event${entry.total === 1 ? "" : "s"} held: ${parts.join(", ")}.`;
}

export function titleCase(slug) {
  const text = String(slug || "").replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const disciplineLabel = (code) => String(code || "").replace(/-/g, " ");

/** "Men’s 1500m" from an event slug ("men-1500m") or sex + discipline. */
export function eventLabel(sex, discipline) {
  if (discipline === undefined) {
    const [first, ...rest] = String(sex).split("-");
    if (first in SEX_POSSESSIVE) return eventLabel(first, rest.join("-"));
    return titleCase(sex);
  }
  return `${SEX_POSSESSIVE[sex] || titleCase(sex)} ${disciplineLabel(discipline)}`;
}

export function ordinal(n) {
  if (n === null || n === undefined) return "–";
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th";
  return `${n}${suffix}`;
}

export const roundLabel = (slug) => titleCase(slug);

export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export const athleteHref = (slug) => `/athletes/${encodeURIComponent(slug)}`;
export const competitionHref = (slug) => `/competitions/${encodeURIComponent(slug)}`;
export const eventHref = (competition, event, round) =>
  `${competitionHref(competition)}/events/${encodeURIComponent(event)}` +
  (round && round !== "final" ? `?round=${encodeURIComponent(round)}` : "");

/** A medal drawn as a disc on a ribbon; the colour is also said in words. */
export function medalDisc(medal, { small = false, place } = {}) {
  const digit = place || { gold: 1, silver: 2, bronze: 3 }[medal];
  return h(
    "span",
    { class: `disc ${medal}${small ? " small" : ""}`, "aria-hidden": "true" },
    h("span", { class: "ribbon" }),
    h("span", { class: "face" }, String(digit)),
  );
}

export function badge(text, title, kind = "") {
  return h("span", { class: `badge ${kind}`.trim(), title }, text, title ? sr(` (${title})`) : null);
}

export function recordFlags(records) {
  if (!records || !records.length) return null;
  return h(
    "span",
    { class: "records" },
    records.map((flag) => h("abbr", { class: "flag", title: RECORDS[flag] || flag }, flag)),
  );
}

export function statusCell(status) {
  const [short, long] = STATUS[status] || [status, status];
  return status === "ok"
    ? h("span", { class: "status ok" }, short, sr(` (${long})`))
    : h("abbr", { class: `status ${status}`, title: long }, short);
}

export function country(code, names) {
  if (!code) return "";
  const name = names && names.get(code);
  return h("span", { class: "country" }, h("span", { class: "code" }, code), name ? sr(` (${name})`) : null, name ? h("span", { class: "cname", "aria-hidden": "true" }, ` ${name}`) : null);
}

export function totalsStrip(totals, label) {
  return h(
    "ul",
    { class: "totals", "aria-label": label },
    MEDALS.map((medal) =>
      h("li", { class: medal }, medalDisc(medal, { small: true }), h("strong", {}, String(totals[medal])), ` ${MEDAL_LABEL[medal]}`),
    ),
    h("li", { class: "total" }, h("strong", {}, String(totals.total)), " Total"),
  );
}

export function coverageBadge(level) {
  if (!level || !COVERAGE[level]) return null;
  const [text, title] = COVERAGE[level];
  return badge(text, title, `coverage ${level}`);
}

/** A table that scrolls sideways on narrow screens; keyboard users can scroll it too. */
export function tableRegion(label, table) {
  return h("div", { class: "table-wrap", role: "region", "aria-label": label, tabindex: "0" }, table);
}

export function loading(text = "Loading…") {
  return h("p", { class: "loading", role: "status" }, text);
}
