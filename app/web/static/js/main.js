// The shell: hash-free routing with the History API, page rendering, errors, focus.
import { ApiError, series } from "./api.js";
import { h } from "./dom.js";
import { learnSeries } from "./ui.js";

// Each page module exports render(ctx) -> {title, node}; loaded on first use.
const ROUTES = [
  [/^\/(?:search)?$/, () => import("./pages/home.js")],
  [/^\/athletes\/([^/]+)$/, () => import("./pages/athlete.js")],
  [/^\/competitions$/, () => import("./pages/competitions.js")],
  [/^\/competitions\/([^/]+)$/, () => import("./pages/competition.js")],
  [/^\/competitions\/([^/]+)\/events\/([^/]+)$/, () => import("./pages/event.js")],
  [/^\/head-to-head(?:\/([^/]+))?(?:\/([^/]+))?$/, () => import("./pages/head-to-head.js")],
  [/^\/medallists$/, () => import("./pages/medallists.js")],
];

const main = document.getElementById("main");
let current = null; // the AbortController of the page being rendered

function match(pathname) {
  for (const [pattern, load] of ROUTES) {
    const found = pattern.exec(pathname);
    if (found) return { load, params: found.slice(1).map((p) => (p ? decodeURIComponent(p) : p)) };
  }
  return null;
}

/** Go to an in-app URL: pushes (or replaces) history and renders. */
export function navigate(url, { replace = false, keepFocus = false } = {}) {
  const target = new URL(url, location.href);
  const same = target.pathname + target.search === location.pathname + location.search;
  if (replace || same) history.replaceState(null, "", target);
  else history.pushState(null, "", target);
  return render({ focus: !keepFocus, keepFocus, scroll: !replace && !keepFocus });
}

function setTitle(title) {
  document.title = title ? `${title} · Podium` : "Podium — athletics medal cabinets";
}

function markCurrentNav() {
  for (const link of document.querySelectorAll("header nav a")) {
    const path = new URL(link.href).pathname;
    const active = path === "/" ? location.pathname === "/" : location.pathname.startsWith(path);
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export function errorView(error, retry) {
  const api = error instanceof ApiError ? error : null;
  let title = "Something went wrong";
  let text = "This page could not be shown. Please try again in a moment.";
  if (api && api.kind === "unreachable") {
    title = "Podium’s API can’t be reached";
    text = "The results server did not answer. Check your connection (or that Podium is running) and try again.";
  } else if (api && api.kind === "not-found") {
    title = "Not found";
    text = api.detail || "Podium has nothing at this address.";
  } else if (api && api.kind === "invalid") {
    title = "That question can’t be asked";
    text = api.detail || "Some of the choices are not valid.";
  } else if (api) {
    text = `The server answered with an error (${api.status}). Please try again later.`;
  }
  return h(
    "section",
    { class: "error", role: "alert", "aria-labelledby": "error-title" },
    h("h1", { id: "error-title", tabindex: "-1" }, title),
    h("p", {}, text),
    h(
      "p",
      { class: "actions" },
      retry && api?.kind !== "not-found" ? h("button", { type: "button", onclick: retry }, "Try again") : null,
      " ",
      h("a", { href: "/" }, "Search athletes"),
      " · ",
      h("a", { href: "/competitions" }, "Browse championships"),
    ),
  );
}

function notFoundPage() {
  return {
    title: "Page not found",
    node: errorView(new ApiError("not-found", 404, "Not found", "There is no page at this address.")),
  };
}

async function render({ focus = true, keepFocus = false, scroll = false } = {}) {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const focusedId = keepFocus ? document.activeElement?.id : null;
  const started = performance.now();
  main.dataset.state = "loading";
  main.setAttribute("aria-busy", "true");
  markCurrentNav();
  const spinner = setTimeout(() => {
    if (current === controller) main.replaceChildren(h("p", { class: "loading", role: "status" }, "Loading…"));
  }, 200);
  const query = new URLSearchParams(location.search);
  let page;
  try {
    const route = match(location.pathname);
    if (!route) page = notFoundPage();
    else {
      // Series names are data (GET /v1/series); a page still renders (codes title-cased) without them.
      const [module] = await Promise.all([route.load(), series().then(learnSeries, () => null)]);
      page = await module.render({ params: route.params, query, signal: controller.signal, navigate });
    }
  } catch (error) {
    if (error.name === "AbortError" || controller.signal.aborted) return;
    console.error(error);
    page = { title: "Error", node: errorView(error, () => render({ focus: true })), error: true };
  } finally {
    clearTimeout(spinner);
  }
  if (current !== controller) return;
  setTitle(page.title);
  main.replaceChildren(page.node);
  main.removeAttribute("aria-busy");
  main.dataset.state = page.error ? "error" : "ready";
  performance.mark("podium:rendered", { detail: { path: location.pathname, ms: performance.now() - started } });
  if (scroll) window.scrollTo(0, 0);
  const keep = focusedId && document.getElementById(focusedId);
  if (keep) keep.focus();
  else if (focus) {
    const heading = main.querySelector("h1");
    heading?.setAttribute("tabindex", "-1");
    (heading || main).focus({ preventScroll: !scroll });
  }
  page.after?.();
}

// Same-origin links to app pages are routed here; others (/docs, /v1, new tabs) are not.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !match(url.pathname)) return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  event.preventDefault();
  navigate(url.href);
});

window.addEventListener("popstate", () => render({ focus: true }));
document.querySelector(".skip")?.addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

// Headings get tabindex=-1 so focus can move to them after navigation.
render({ focus: false });
