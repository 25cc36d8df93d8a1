/**
 * A TypeScript consumer of the Podium API, typed by openapi-typescript.
 *
 * tests/openapi/test_typescript.py regenerates ./generated/openapi.ts from openapi/openapi.json and runs
 * `tsc --noEmit` over this file, so a renamed path, parameter, field or enum value in the API
 * breaks the build here before it breaks a client.
 */
import type { components, paths } from "./generated/openapi";

type GetMedals = paths["/v1/athletes/{slug}/medals"]["get"];
type ListMedallists = paths["/v1/medallists"]["get"];

export type MedalCabinet = GetMedals["responses"][200]["content"]["application/json"];
export type MedalsQuery = NonNullable<GetMedals["parameters"]["query"]>;
export type MedallistPage = ListMedallists["responses"][200]["content"]["application/json"];
export type MedallistsQuery = NonNullable<ListMedallists["parameters"]["query"]>;
/** RFC 9457 problem details, as every error answer carries them. */
export type Problem = GetMedals["responses"][404]["content"]["application/problem+json"];
type Medal = components["schemas"]["Medal"];

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ""}`);
  }
}

async function getJson<T>(url: URL): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new ApiProblem((await response.json()) as Problem);
  }
  return (await response.json()) as T;
}

function withQuery(url: URL, query: Record<string, unknown>): URL {
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      for (const item of value) url.searchParams.append(name, String(item));
    } else if (value !== undefined && value !== null) {
      url.searchParams.set(name, String(value));
    }
  }
  return url;
}

/** GET /v1/athletes/{slug}/medals */
export function fetchMedalCabinet(
  baseUrl: string,
  slug: GetMedals["parameters"]["path"]["slug"],
  query: MedalsQuery = {},
): Promise<MedalCabinet> {
  const url = new URL(`/v1/athletes/${encodeURIComponent(slug)}/medals`, baseUrl);
  return getJson<MedalCabinet>(withQuery(url, query));
}

/** GET /v1/medallists */
export function fetchMedallists(baseUrl: string, query: MedallistsQuery): Promise<MedallistPage> {
  return getJson<MedallistPage>(withQuery(new URL("/v1/medallists", baseUrl), query));
}

const MEDAL_ORDER: Record<Medal, number> = { gold: 0, silver: 1, bronze: 2 };

export function summarise(cabinet: MedalCabinet): string {
  const { gold, silver, bronze, total } = cabinet.totals;
  const medals = [...cabinet.medals]
    .sort((a, b) => MEDAL_ORDER[a.medal] - MEDAL_ORDER[b.medal] || a.competition.year - b.competition.year)
    .map((item) => {
      const mark = item.mark === null ? "" : ` in ${item.mark}`;
      return `${item.medal} ${item.competition.name}, ${item.event.sex}'s ${item.event.discipline}${mark}`;
    });
  return `${cabinet.athlete.name} (${cabinet.athlete.country ?? "?"}): ${total} medals ` +
    `(${gold} gold, ${silver} silver, ${bronze} bronze)\n  ${medals.join("\n  ")}`;
}

export async function main(baseUrl = "http://127.0.0.1:8000"): Promise<void> {
  const series = "olympic-games"; // a code from GET /v1/series (series are data, not an enum)
  console.log(summarise(await fetchMedalCabinet(baseUrl, "josh-kerr")));
  const repeat = await fetchMedallists(baseUrl, {
    discipline: "1500m",
    series,
    sex: "women",
    min_editions: 3,
  });
  for (const { athlete, editions } of repeat.items) console.log(`${athlete.name}: ${editions} editions`);
}

// Compile-time checks: each statement below must be rejected. If the generated types decayed to
// `any` or lost their enums, the `@ts-expect-error` directives become unused and tsc fails.
// @ts-expect-error a series filter is a code (string), not a number
export const badSeries: MedalsQuery = { series: 2024 };
// @ts-expect-error a medal is gold, silver or bronze
export const wood: Medal = "wood";
// @ts-expect-error medal totals have no "platinum"
export const platinum: MedalCabinet["totals"]["platinum"] = 0;
// @ts-expect-error an athlete summary's slug is a string
export const numericSlug: MedalCabinet["athlete"]["slug"] = 42;
// @ts-expect-error the medallist page's items are not optional
export const noItems: MedallistPage = { total: 0, limit: 50, offset: 0 };
