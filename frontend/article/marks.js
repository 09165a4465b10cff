// The highlights on the page: the theme, the layers and labels hidden, the selected highlight,
// and what a click or Enter on one sends to Python.

import {
  highlightAnnouncement,
  highlightChain,
  highlightKeepInSight,
  highlightNextClaim,
  highlightPrepareTargets,
  highlightStop,
  highlightTargets,
  highlightWords,
  NEXT_CLAIM_KEYS,
} from "../highlights.js";
import { hiddenLabelRules } from "./hiding.js";

const LAYERS = ["entities", "claims", "notes"];
// Below this width the evidence is a bottom sheet (reader/assets/app.css, the same breakpoint).
const NARROW = window.matchMedia("(max-width: 899.98px)");

function typing(target) {
  return !!(target && target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .cm-editor"));
}

export function installMarks(view) {
  const { root, article, labelStyle } = view.dom;

  // A page just put in: title attributes become our own previews (no double tooltips);
  // each annotation gets one keyboard and screen-reader target (highlights.js).
  view.preparePage = (slot) => {
    slot.querySelectorAll(".hl[title]").forEach((mark) => {
      mark.dataset.preview = mark.getAttribute("title");
      mark.removeAttribute("title");
    });
    highlightPrepareTargets(slot, view.dom.descriptions);
    updateTabOrder(slot);
  };

  // Hidden layers and labels leave the tab order.
  function updateTabOrder(scope = article) {
    scope.querySelectorAll(".hl[data-target]").forEach((mark) => { mark.tabIndex = view.visible(mark) ? 0 : -1; });
  }

  view.detectTheme = () => {
    // Streamlit exposes its theme as --st-* custom properties; pick light or dark from the background.
    const probe = document.createElement("span");
    probe.style.color = "var(--st-background-color, #ffffff)";
    probe.style.display = "none";
    root.appendChild(probe);
    const match = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g);
    probe.remove();
    if (!match) return;
    const [r, g, b] = match.map(Number);
    const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    root.dataset.theme = luminance < 0.5 ? "dark" : "light";
  };

  view.applyState = () => {
    const state = view.state;
    view.hiddenLayers = new Set(state.hidden_layers || []);
    view.hiddenLabels = new Set(state.hidden_labels || []);
    for (const layer of LAYERS) {
      const hidden = view.hiddenLayers.has(layer);
      if (root.classList.contains(`hide-${layer}`) !== hidden && view.announcedLayers) {
        view.announce(`${view.layerNames[layer] || layer} ${hidden ? "hidden" : "shown"}.`);
      }
      root.classList.toggle(`hide-${layer}`, hidden);
    }
    view.announcedLayers = true; // the first state is the page as it opens: nothing to announce
    labelStyle.textContent = hiddenLabelRules(view.hiddenLabels);
    root.dataset.hiddenLabels = [...view.hiddenLabels].join(" ");
    root.dataset.keys = state.keys === false ? "off" : "on";
    root.classList.toggle("is-open", !!state.selected);
    updateTabOrder();
    view.markSelection();
    if (state.scroll !== view.lastScroll) {
      const first = view.lastScroll === null && !state.selected;
      view.lastScroll = state.scroll;
      if (state.selected && !first) view.scrollToSelected();
    }
  };

  view.selectedMarks = (scope = article) => {
    const state = view.state;
    if (!state.selected) return [];
    const id = CSS.escape(state.selected);
    if (state.selected_kind === "note") {
      return scope.querySelectorAll(`.hl-notes[data-note~="${id}"], .hl-entities[data-note="${id}"]`);
    }
    return scope.querySelectorAll(`.hl-claims[data-ids~="${id}"]`);
  };

  view.markSelection = () => {
    article.querySelectorAll(".hl.is-selected").forEach((m) => m.classList.remove("is-selected"));
    view.selectedMarks().forEach((m) => m.classList.add("is-selected"));
    root.dataset.selected = view.state.selected || "";
  };

  view.scrollToSelected = () => {
    const marks = view.selectedMarks();
    if (!marks.length) {
      // Its page has not come yet: ask for it first, and scroll when it is in.
      const page = view.state.page;
      if (Number.isInteger(page) && view.slots[page] && !view.loaded.has(page)) {
        view.scrollPending = true;
        if (!view.queue.some(([index]) => index === page)) view.ask(page, page + 1);
      }
      return;
    }
    const target = marks[0];
    target.scrollIntoView({ block: "center", behavior: "auto" });
    view.pin(target, target.getBoundingClientRect().top);
  };

  // Shown: its layer is on and, for an entity, its label too.
  view.visible = (mark) => {
    const layer = mark.dataset.layer;
    if (view.hiddenLayers.has(layer)) return false;
    return !(layer === "entities" && view.hiddenLabels.has(mark.dataset.label));
  };

  function activate(target) {
    const marks = highlightChain(target, article);
    const mark = highlightTargets(target, article, view.visible)[0];
    if (!mark) return false;
    const ids = highlightWords(mark.dataset.ids);
    const note = mark.dataset.note ? mark.dataset.note.split(" ")[0] : null;
    const claims = [...new Set(marks.filter((m) => m.dataset.layer === "claims" && view.visible(m))
      .flatMap((m) => highlightWords(m.dataset.ids)))];
    const layer = mark.dataset.layer;
    // Select at once in the page; Python confirms it through the state component.
    article.querySelectorAll(".hl.is-selected").forEach((m) => m.classList.remove("is-selected"));
    const kind = layer === "claims" ? "claim" : "note";
    const key = kind === "claim" ? ids[0] : note;
    view.state = { ...view.state, selected: key, selected_kind: kind };
    view.markSelection();
    view.hideTip(); // a tap shows the evidence, not a preview left over it
    root.classList.add("is-open");
    // Escape comes back here; a screen reader hears where the evidence went.
    view.opener = highlightStop(mark, article) || mark.closest(".hl[data-target]") || mark;
    view.announce(highlightAnnouncement(view.opener));
    view.send("click", { layer, id: layer === "claims" ? ids[0] : mark.dataset.ids, ids, note, claims });
    return true;
  }

  // Close the evidence (Escape, the sheet's close button, a tap outside it on a narrow
  // screen) and give the focus back to the highlight it was opened from.
  view.dismiss = () => {
    if (!view.state.selected && !root.classList.contains("is-open")) return false;
    view.state = { ...view.state, selected: null, selected_kind: null };
    root.classList.remove("is-open");
    view.markSelection();
    view.send("dismiss", Date.now());
    const opener = view.opener && view.opener.isConnected ? view.opener : null;
    if (opener) opener.focus({ preventScroll: true });
    view.announce("Evidence closed.");
    return true;
  };

  function onClick(event) {
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && article.contains(selection.anchorNode)) return;
    if (activate(event.target)) event.preventDefault();
    else if (NARROW.matches) view.dismiss(); // a tap outside the bottom sheet closes it
  }

  function onKey(event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.classList?.contains("hl")) {
      if (activate(event.target)) event.preventDefault();
    }
  }

  // Keys anywhere on the page: Escape closes the evidence; j / k (or n / p) move to the next /
  // previous claim, unless turned off in the sidebar (WCAG 2.1.4) or typing in a field.
  function onPageKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape") {
      if (view.dismiss()) event.preventDefault();
      return;
    }
    const step = NEXT_CLAIM_KEYS[event.key];
    if (!step || view.state.keys === false || typing(event.target)) return;
    const active = document.activeElement;
    const next = highlightNextClaim(article, article.contains(active) ? active : null, step);
    if (!next) return;
    event.preventDefault();
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "nearest" }); // scroll-margin keeps it clear of the sticky header and sheet
  }

  // Tab scrolls natively, without the scroll margins: keep the focused highlight clear of
  // Streamlit's sticky header and of the bottom sheet.
  function onFocus(event) {
    const mark = event.target;
    if (!(mark instanceof Element) || !mark.matches(".hl[data-target]")) return;
    const sheet = NARROW.matches && root.classList.contains("is-open") ? window.innerHeight * 0.62 : 0;
    highlightKeepInSight(mark, 64, sheet);
  }

  return [[article, "click", onClick], [article, "keydown", onKey], [article, "focusin", onFocus],
    [document, "keydown", onPageKey]];
}
