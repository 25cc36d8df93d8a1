// "What Podium's data covers": GET /v1/coverage's summary where the server has that endpoint,
// otherwise a line built from the competitions list (so the page never claims completeness).
import { competitions, coverage } from "../api.js";
import { h } from "../dom.js";

export async function coverageLine() {
  const report = await coverage();
  let text;
  if (report && typeof report.summary === "string" && report.summary) {
    text = report.summary;
  } else {
    try {
      const items = await competitions();
      const years = items.map((c) => c.year);
      text = items.length
        ? `Medals are counted from the events Podium holds at ${items.length} championships (${Math.min(...years)}–${Math.max(...years)}); medals from events it does not hold are not shown.`
        : "Podium holds no championships yet.";
    } catch {
      text = "Medals are counted from the events Podium holds; other medals are not shown.";
    }
  }
  return h("p", { class: "coverage-line" }, h("strong", {}, "Coverage: "), text);
}
