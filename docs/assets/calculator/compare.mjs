// Compare two scenarios: the reader pins the current answers, changes some, and sees the pinned
// and the live scenario side by side. Python renders the comparison (calculator.web.compare);
// this module only keeps the pinned query, the button and the region.
//
// URL format: `?<live answers>&pin=<the pinned answers' query, URL-encoded>`, e.g.
// `?queries_per_day=5000&pin=queries_per_day%3D1000`; an empty `pin=` pins the defaults.

export const PIN_PARAMETER = "pin";

// The pinned scenario's query in a page address's search part, or null when nothing is pinned.
export function pinnedFromSearch(search) {
  const params = new URLSearchParams(search);
  return params.has(PIN_PARAMETER) ? params.get(PIN_PARAMETER) : null;
}

// A search part with the pin appended (the same form as Python's urlencode for our values).
export function withPin(query, pinned) {
  if (pinned === null) return query;
  return [query, `${PIN_PARAMETER}=${encodeURIComponent(pinned)}`].filter(Boolean).join("&");
}

export class Compare {
  // root: the #calc-app element; callPython(fn, args): the worker call; recompute(): ask the
  // page to compute again for the current form (which calls update()).
  constructor(root, callPython, recompute) {
    this.callPython = callPython;
    this.recompute = recompute;
    this.pinned = pinnedFromSearch(location.search);
    this.liveQuery = "";
    this.button = Object.assign(document.createElement("button"), {
      type: "button", id: "calc-pin", className: "md-button", disabled: true,
    });
    this.button.addEventListener("click", () => this.toggle());
    root.querySelector(".calc-toolbar").append(this.button);
    this.region = Object.assign(document.createElement("div"), { id: "calc-compare", hidden: true });
    this.region.setAttribute("aria-live", "polite");
    root.querySelector("#calc-result-region").before(this.region);
    // With a scenario pinned, a preset link keeps the pin: pin yours, then open an example.
    this.onPresetClick = (event) => {
      const link = event.target.closest && event.target.closest("a[data-preset]");
      if (!link || this.pinned === null) return;
      const url = new URL(link.href);
      url.search = withPin(url.search.replace(/^\?/, ""), this.pinned);
      link.href = url.href;
    };
    document.addEventListener("click", this.onPresetClick, true);
    this.label();
  }

  unmount() {
    document.removeEventListener("click", this.onPresetClick, true);
  }

  label() {
    this.button.textContent = this.pinned === null ? "Pin this scenario" : "Unpin";
    this.button.setAttribute("aria-pressed", String(this.pinned !== null));
    this.region.dataset.pinned = this.pinned === null ? "" : this.pinned;
  }

  toggle() {
    this.pinned = this.pinned === null ? this.liveQuery : null;
    this.label();
    this.recompute();
  }

  // After a valid live result (raw form values, its query): show the comparison if a scenario
  // is pinned, and return the search part the page's URL should have.
  async update(raw, liveQuery) {
    this.liveQuery = liveQuery;
    if (this.pinned === null) {
      this.region.hidden = true;
      this.region.replaceChildren();
      return liveQuery;
    }
    let result;
    try {
      result = await this.callPython("compare", [this.pinned, raw]);
    } catch {
      return withPin(liveQuery, this.pinned); // the worker restarts; keep the pin in the link
    }
    if (!result.ok) {
      const message = Object.assign(document.createElement("p"), { className: "calc-error" });
      message.textContent = result.errors.map((e) => e.message).join(" ");
      this.region.replaceChildren(message);
      this.region.hidden = false;
      if (result.errors.some((e) => e.field === PIN_PARAMETER)) {
        this.pinned = null; // a broken pin from a link: drop it, say why
        this.label();
        return liveQuery;
      }
      return withPin(liveQuery, this.pinned);
    }
    this.region.innerHTML = result.html; // escaped by the engine's renderer
    this.region.hidden = false;
    this.pinned = result.pinned_query; // normalised, as the page would write it
    this.label();
    return result.query;
  }
}
