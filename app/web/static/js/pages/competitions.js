// Every championship Podium holds, grouped by series, newest first.
import { competitions } from "../api.js";
import { h } from "../dom.js";
import { competitionHref, seriesLabel } from "../ui.js";

export async function render() {
  const items = await competitions();
  const bySeries = new Map();
  for (const competition of items) {
    if (!bySeries.has(competition.series)) bySeries.set(competition.series, []);
    bySeries.get(competition.series).push(competition);
  }
  const node = h(
    "div",
    { class: "competitions" },
    h("h1", {}, "Championships"),
    h("p", { class: "lede" }, `${items.length} championships in Podium’s data. Open one for its medal table and events.`),
    [...bySeries].map(([series, list]) =>
      h(
        "section",
        { "aria-labelledby": `s-${series}` },
        h("h2", { id: `s-${series}` }, seriesLabel(series)),
        h(
          "ul",
          { class: "chips" },
          list
            .sort((a, b) => b.year - a.year)
            .map((c) => h("li", {}, h("a", { href: competitionHref(c.slug), title: c.name }, String(c.year), c.city ? h("span", { class: "city" }, ` ${c.city}`) : null))),
        ),
      ),
    ),
  );
  return { title: "Championships", node };
}
