// Two athletes' record in every round they both ran, with a finals-only switch.
import { get, q } from "../api.js";
import { h, sr } from "../dom.js";
import { athleteHref, competitionHref, eventHref, eventLabel, ordinal, roundLabel, STATUS, tableRegion } from "../ui.js";
import { athletePicker } from "../picker.js";

function href(a, b, finalOnly) {
  const path = [a, b].filter(Boolean).map((slug) => `/${encodeURIComponent(slug)}`).join("");
  return `/head-to-head${path}${finalOnly && a && b ? "?final_only=true" : ""}`;
}

function side(result) {
  if (!result) return "–";
  if (result.status !== "ok") return STATUS[result.status]?.[1] || result.status;
  return [result.place ? ordinal(result.place) : "–", result.mark ? ` · ${result.mark}` : ""].join("");
}

export async function render({ params: [a, b], query, signal, navigate }) {
  const finalOnly = query.get("final_only") === "true";
  const [first, second, record] = await Promise.all([
    a ? get(`/v1/athletes/${encodeURIComponent(a)}`, { signal }) : null,
    b ? get(`/v1/athletes/${encodeURIComponent(b)}`, { signal }) : null,
    a && b ? get(`/v1/athletes/${encodeURIComponent(a)}/head-to-head/${encodeURIComponent(b)}${q({ final_only: finalOnly || null })}`, { signal }) : null,
  ]);
  const chosen = { a: first, b: second };
  const go = (options) => navigate(href(chosen.a?.slug, chosen.b?.slug, finalOnly), options);

  const form = h(
    "form",
    { class: "h2h-form", onsubmit: (event) => { event.preventDefault(); go(); } },
    h(
      "div",
      { class: "pickers" },
      athletePicker({ id: "athlete-a", label: "Athlete", chosen: first, onChoose: (x) => { chosen.a = x; if (chosen.b) go(); } }),
      h("span", { class: "vs", "aria-hidden": "true" }, "v"),
      athletePicker({ id: "athlete-b", label: "Opponent", chosen: second, onChoose: (x) => { chosen.b = x; if (chosen.a) go(); } }),
    ),
    h(
      "p",
      { class: "switch" },
      h("input", {
        id: "final-only",
        type: "checkbox",
        checked: finalOnly,
        disabled: !(a && b),
        onchange: (event) => navigate(href(a, b, event.target.checked), { keepFocus: true }),
      }),
      h("label", { for: "final-only" }, "Finals only"),
    ),
  );

  let body = h("p", { class: "hint" }, "Choose two athletes to see every race they both ran.");
  if (record) {
    const { athlete, other } = record;
    const rows = record.races.map((race) =>
      h(
        "tr",
        {},
        h("td", { "data-label": "Championship" }, h("a", { href: competitionHref(race.competition.slug) }, race.competition.name)),
        h("td", { "data-label": "Event" }, h("a", { href: eventHref(race.competition.slug, race.event, race.round) }, eventLabel(race.event)), ` · ${roundLabel(race.round)}`),
        h("td", { "data-label": athlete.name }, side(race.athlete)),
        h("td", { "data-label": other.name }, side(race.other)),
        h("td", { "data-label": "Ahead" }, race.winner === athlete.slug ? athlete.name : race.winner === other.slug ? other.name : "No decision"),
      ),
    );
    body = h(
      "section",
      { class: "h2h-result", "aria-labelledby": "score-title" },
      h("h2", { id: "score-title", class: "sr-only" }, "Record"),
      h(
        "p",
        { class: "score", dataset: { wins: record.wins, losses: record.losses } },
        h("a", { href: athleteHref(athlete.slug) }, athlete.name),
        " ",
        h("strong", { class: "wins" }, String(record.wins)),
        h("span", { "aria-hidden": "true" }, " – "),
        sr(" wins to "),
        h("strong", { class: "losses" }, String(record.losses)),
        " ",
        h("a", { href: athleteHref(other.slug) }, other.name),
      ),
      h("p", { class: "hint" }, `${record.races.length} race${record.races.length === 1 ? "" : "s"} together${finalOnly ? " in finals" : ""}; ${record.no_decision} without a decision (both did not finish, or a place is unknown).`),
      record.races.length
        ? tableRegion(
            "Races",
            h(
              "table",
              { class: "races" },
              h("caption", {}, `Races between ${athlete.name} and ${other.name}`),
              h("thead", {}, h("tr", {}, ["Championship", "Event", athlete.name, other.name, "Ahead"].map((label) => h("th", { scope: "col" }, label)))),
              h("tbody", {}, rows),
            ),
          )
        : h("p", { class: "empty" }, "They never ran in the same round in Podium’s data."),
    );
  }
  const title = record ? `${record.athlete.name} v ${record.other.name}` : "Head-to-head";
  return { title, node: h("article", { class: "h2h" }, h("h1", {}, title), form, body) };
}
