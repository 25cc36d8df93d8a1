// An athlete picker: a labelled search box whose matches are buttons (Tab or arrow keys).
import { get, q } from "./api.js";
import { h } from "./dom.js";

export function athletePicker({ id, label, chosen, onChoose }) {
  let selected = chosen || null;
  const input = h("input", {
    id,
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    value: selected ? selected.name : "",
    placeholder: "Type a name",
    "aria-describedby": `${id}-status`,
  });
  const status = h("p", { id: `${id}-status`, class: "status-line", role: "status", "aria-live": "polite" }, selected ? `Chosen: ${selected.name}` : "");
  const list = h("ul", { class: "picker-results" });
  let timer = null;
  let controller = null;

  function choose(athlete) {
    selected = athlete;
    input.value = athlete.name;
    list.replaceChildren();
    status.textContent = `Chosen: ${athlete.name}`;
    onChoose(athlete);
  }

  async function search() {
    controller?.abort();
    const term = input.value.trim();
    if (!term || (selected && term === selected.name)) {
      list.replaceChildren();
      return;
    }
    controller = new AbortController();
    try {
      const page = await get(`/v1/athletes${q({ q: term, limit: 8 })}`, { signal: controller.signal });
      list.replaceChildren(
        ...page.items.map((athlete) =>
          h("li", {}, h("button", { type: "button", class: "option", onclick: () => choose(athlete) }, athlete.name, h("span", { class: "meta" }, ` ${athlete.country || ""}`))),
        ),
      );
      status.textContent = page.total ? `${page.total} match${page.total === 1 ? "" : "es"}; choose one below.` : `No athlete matches “${term}”.`;
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = "Search failed: the API can’t be reached.";
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && list.querySelector("button")) {
      event.preventDefault();
      list.querySelector("button").focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button")];
    const index = buttons.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < buttons.length - 1) buttons[index + 1].focus();
    else if (event.key === "ArrowUp") (index <= 0 ? input : buttons[index - 1]).focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  });

  return h("div", { class: "picker" }, h("label", { for: id }, label), input, status, list);
}
