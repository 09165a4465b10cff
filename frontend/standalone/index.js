// Standalone export (reader.interop.standalone.to_html): layer toggles and the claim / note panel.
// Bundled into reader/assets/standalone.js by `make assets`; the page runs it as its one module script.
// Everything the panel shows is already in the page (escaped by the exporter), in hidden
// sections; the script only shows and hides them and moves a figure into the claim that shows it.
// Keyboard and screen readers as in the app: one target per annotation (highlights.js),
// Enter or Space opens, Escape closes and returns to the highlight, j/k (n/p) go from claim to
// claim unless the toolbar's "Keys" box is off, and a live region says what changed.
import {
  highlightAnnouncement,
  highlightKeepInSight,
  highlightNextClaim,
  NEXT_CLAIM_KEYS,
  highlightPrepareTargets,
  highlightStop,
  highlightTargets,
  highlightWords,
} from "../highlights.js";

const root = document.getElementById("reader");
const article = document.getElementById("article");
const panel = document.getElementById("panel-body");
const aside = document.getElementById("panel");
const live = document.getElementById("live");
const keys = document.getElementById("keys");
// Below this width the panel is a bottom sheet (standalone.css): a tap on the text closes it.
const NARROW = window.matchMedia("(max-width: 52rem)");
let opener = null; // the highlight the open evidence came from (focus returns to it)

const visible = (mark) => !root.classList.contains(`hide-${mark.dataset.layer}`);

function announce(message) {
  live.textContent = "";
  setTimeout(() => { live.textContent = message; }, 50); // a change, even for the same words
}

function updateTabOrder() {
  article.querySelectorAll(".hl[data-target]").forEach((mark) => { mark.tabIndex = visible(mark) ? 0 : -1; });
}

highlightPrepareTargets(article, document.getElementById("descriptions"));

document.querySelectorAll("input[data-layer]").forEach((box) => {
  const apply = (event) => {
    root.classList.toggle(`hide-${box.dataset.layer}`, !box.checked);
    updateTabOrder();
    if (event) announce(`${box.dataset.name} ${box.checked ? "shown" : "hidden"}.`);
  };
  box.addEventListener("change", apply);
  apply();
});

function view(kind, id) {
  const found = document.getElementById(`view-${kind}-${id}`);
  return found && panel.contains(found) ? found : null;
}

function select(mark) {
  article.querySelectorAll("mark.is-selected").forEach((m) => m.classList.remove("is-selected"));
  if (mark) mark.classList.add("is-selected");
}

function showViews(views, showing, mark) {
  panel.querySelectorAll(":scope > section.view").forEach((v) => { v.hidden = !views.includes(v); });
  for (const v of views) {
    for (const slot of v.querySelectorAll("[data-figure]")) {
      const figure = document.getElementById(`figure-${slot.dataset.figure}`);
      if (figure) slot.appendChild(figure); // moved, not copied: one chart, its ids unique
    }
  }
  panel.dataset.showing = showing;
  root.classList.toggle("is-open", showing !== "home");
  select(mark);
  aside.scrollTop = 0;
}

function show(kind, ids, mark) {
  const views = ids.map((id) => view(kind, id)).filter(Boolean);
  if (!views.length) return false;
  showViews(views, `${kind}:${ids.join(" ")}`, mark);
  if (mark) {
    opener = highlightStop(mark, article) || mark.closest(".hl[data-target]") || mark;
    announce(highlightAnnouncement(opener));
  }
  return true;
}

function home() {
  showViews([view("panel", "home")], "home", null);
}

// Close the evidence and give the focus back to the highlight it came from.
function dismiss() {
  if (panel.dataset.showing === "home") return false;
  home();
  if (opener && opener.isConnected) opener.focus({ preventScroll: true });
  announce("Evidence closed.");
  return true;
}

// What a click opens is resolved as in the app (highlights.js): the innermost visible highlight
// with evidence that this page has a view for.
function activate(target) {
  for (const mark of highlightTargets(target, article, visible)) {
    if (mark.dataset.layer === "claims" && show("claim", highlightWords(mark.dataset.ids), mark)) return true;
    if (mark.dataset.note && show("note", highlightWords(mark.dataset.note), mark)) return true;
  }
  return false;
}

function typing(target) {
  return !!(target && target.closest && target.closest("input[type=text], textarea, select, [contenteditable]"));
}

article.addEventListener("click", (event) => {
  if (!activate(event.target) && NARROW.matches) dismiss();
});
article.addEventListener("keydown", (event) => {
  if ((event.key === "Enter" || event.key === " ") && event.target.matches("mark.hl")) {
    if (activate(event.target)) event.preventDefault();
  }
});
document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "Escape") {
    if (dismiss()) event.preventDefault();
    return;
  }
  const step = NEXT_CLAIM_KEYS[event.key];
  if (!step || !keys.checked || typing(event.target)) return;
  const active = document.activeElement;
  const next = highlightNextClaim(article, article.contains(active) ? active : null, step);
  if (!next) return;
  event.preventDefault();
  next.focus({ preventScroll: true });
  next.scrollIntoView({ block: "nearest" });
});
article.addEventListener("focusin", (event) => {
  if (!event.target.matches(".hl[data-target]")) return;
  const toolbar = document.querySelector(".toolbar").getBoundingClientRect().bottom;
  const sheet = NARROW.matches && root.classList.contains("is-open") ? aside.getBoundingClientRect().height : 0;
  highlightKeepInSight(event.target, toolbar + 8, sheet);
});
panel.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-claim], button[data-home], button[data-close]");
  if (!button) return;
  if (button.hasAttribute("data-close")) {
    dismiss();
    return;
  }
  if (button.hasAttribute("data-home")) {
    home();
    return;
  }
  const id = button.dataset.claim;
  const mark = article.querySelector(`mark.hl-claims[data-ids~="${CSS.escape(id)}"]`);
  show("claim", [id], mark);
  if (mark) mark.scrollIntoView({ block: "center" });
});
home();
