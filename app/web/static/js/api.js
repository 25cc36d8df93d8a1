// The public /v1 API, as any other client uses it. The browser's HTTP cache keeps answers
// (Cache-Control: max-age) and revalidates them with their ETag (If-None-Match -> 304).

const BASE = document.querySelector('meta[name="podium-api"]')?.content || "";

export class ApiError extends Error {
  /** kind: "not-found" | "invalid" | "server" | "unreachable" */
  constructor(kind, status, title, detail) {
    super(detail || title || kind);
    this.kind = kind;
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

export async function get(path, { signal } = {}) {
  let response;
  try {
    response = await fetch(BASE + path, { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("unreachable", 0, "API unreachable", String(error.message || error));
  }
  if (response.ok) {
    try {
      return await response.json();
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError("server", response.status, "Unreadable answer", "The API sent invalid JSON.");
    }
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not problem+json (a proxy's error page, say): the status says enough.
  }
  const kind =
    response.status === 404 ? "not-found"
    : response.status === 422 ? "invalid"
    : response.status === 502 || response.status === 503 || response.status === 504 ? "unreachable"
    : "server";
  throw new ApiError(kind, response.status, problem.title, problem.detail);
}

export const q = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    for (const item of [].concat(value)) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
};

// Reference data used on many pages: fetched once per page load (then the HTTP cache).
const once = new Map();
function memo(key, load) {
  if (!once.has(key)) {
    const promise = load().catch((error) => {
      once.delete(key);
      throw error;
    });
    once.set(key, promise);
  }
  return once.get(key);
}

export const countries = () =>
  memo("countries", async () => {
    const page = await get("/v1/countries?limit=200");
    return new Map(page.items.map((c) => [c.code, c.name]));
  });

export const series = () => memo("series", async () => (await get("/v1/series?limit=200")).items);

export const disciplines = () =>
  memo("disciplines", async () => (await get("/v1/disciplines?limit=200")).items);

export const competitions = () =>
  memo("competitions", async () => {
    const first = await get("/v1/competitions?limit=200");
    const items = [...first.items];
    while (items.length < first.total) {
      const page = await get(`/v1/competitions?limit=200&offset=${items.length}`);
      if (!page.items.length) break;
      items.push(...page.items);
    }
    return items;
  });

/** GET /v1/coverage where the server has it; null where it does not (404) or fails. */
export const coverage = () =>
  memo("coverage", async () => {
    try {
      return await get("/v1/coverage");
    } catch (error) {
      if (error instanceof ApiError) return null;
      throw error;
    }
  });

/** A competition's entry in GET /v1/coverage (its events by coverage level), or null. */
export function coverageOf(report, slug) {
  if (!report || typeof report !== "object") return null;
  const list = report.competitions;
  if (Array.isArray(list)) return list.find((entry) => entry && entry.slug === slug) || null;
  if (list && typeof list === "object") return list[slug] || null;
  return null;
}
