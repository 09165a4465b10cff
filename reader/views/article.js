// The article view (a Streamlit custom component v2, mounted without an iframe or shadow root).
//
// Two components share this page:
//   reader_article        data = {key, section, source, pages: [html, ...]} — the article, sent
//                         once per document (the HTML comes escaped from reader.render);
//   reader_article_state  data = {hidden_layers, hidden_labels, selected, selected_kind, scroll}
//                         — small, changes with every toggle and selection.
// Keeping them apart means a toggle or a click never re-sends the whole book: the state
// component hands its data to the article through `window` and an event.
//
// Events sent to Python by the article component (trigger values, one script run each):
//   click      {layer, id, ids, note, claims}  a highlight was clicked (or Enter on a claim)
//   selection  {start, end, text}              text was selected in the article; offsets
//                                              index the document text, text === text[start:end]

const STATE_EVENT = "reader:article-state";
const LAYERS = ["entities", "claims", "notes"];

function currentState() {
  return window.__readerArticleState || { hidden_layers: [], hidden_labels: [], selected: null, selected_kind: null, scroll: 0 };
}

// ---------------------------------------------------------------------------------------
// The article component.

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".reader-view");
  if (!root) return;
  let view = root.__reader;
  if (!view) {
    view = root.__reader = createView(root);
    view.attach();
  }
  view.send = setTriggerValue;
  view.detectTheme();
  view.load(data || {});
  view.applyState();
  return () => view.detach();
}

function createView(root) {
  const article = root.querySelector("article.article");
  const kicker = root.querySelector(".reader-kicker");
  const source = root.querySelector(".reader-source");
  const tip = root.querySelector(".reader-tip");
  const labelStyle = root.querySelector("style.reader-label-rules");
  const view = {
    send: () => {},
    key: null,
    pending: [],
    timer: null,
    lastScroll: null,
    lastSelection: null,
    hiddenLayers: new Set(),
    hiddenLabels: new Set(),
  };

  // -- rendering --------------------------------------------------------------------

  view.load = (data) => {
    if (data.key === view.key) return;
    const sameDocument = view.slug === data.slug;
    view.key = data.key;
    view.slug = data.slug;
    clearTimeout(view.timer);
    kicker.textContent = data.section || "";
    kicker.hidden = !data.section;
    // data.source is already a safe http(s) URL (reader.render.safe_url) or "".
    const link = source.querySelector("a");
    source.hidden = !data.source;
    if (data.source) {
      link.href = data.source;
      try {
        link.textContent = new URL(data.source).hostname.replace(/^www\./, "");
      } catch {
        link.textContent = data.source;
      }
    }
    article.replaceChildren();
    article.dataset.length = String(data.length ?? "");
    // A new document scrolls to its selection; the same one edited on disk stays where the reader is.
    if (!sameDocument) view.lastScroll = null;
    view.pending = Array.isArray(data.pages) ? data.pages.slice() : [];
    root.dataset.rendered = "partial";
    // The first page at once (the first screen), the rest a page per frame.
    appendPage();
    scheduleRest();
  };

  function appendPage() {
    const html = view.pending.shift();
    if (html === undefined) return false;
    const before = article.lastElementChild;
    article.insertAdjacentHTML("beforeend", html);
    // Title attributes become our own previews (no double tooltips); claims are keyboard targets.
    let node = before ? before.nextElementSibling : article.firstElementChild;
    for (; node; node = node.nextElementSibling) {
      node.querySelectorAll(".hl[title]").forEach((mark) => {
        mark.dataset.preview = mark.getAttribute("title");
        mark.removeAttribute("title");
      });
      node.querySelectorAll(".hl-claims").forEach((mark) => {
        mark.tabIndex = 0;
        mark.setAttribute("role", "button");
      });
    }
    if (!view.pending.length) root.dataset.rendered = "complete";
    return true;
  }

  function scheduleRest() {
    if (!view.pending.length) return;
    view.timer = setTimeout(() => {
      appendPage();
      markSelection();
      scheduleRest();
    }, 0);
  }

  function flushPages() {
    clearTimeout(view.timer);
    while (appendPage()) {}
  }

  // -- theme --------------------------------------------------------------------------

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

  // -- state: toggles and selection ----------------------------------------------------

  view.applyState = () => {
    const state = currentState();
    view.hiddenLayers = new Set(state.hidden_layers || []);
    view.hiddenLabels = new Set(state.hidden_labels || []);
    for (const layer of LAYERS) root.classList.toggle(`hide-${layer}`, view.hiddenLayers.has(layer));
    labelStyle.textContent = [...view.hiddenLabels]
      .map((label) => {
        const sel = `.reader-view .hl-entities[data-label="${CSS.escape(label)}"]`;
        return `${sel}{background:none;padding:0;cursor:auto}${sel}::after{content:none}`;
      })
      .join("\n");
    root.dataset.hiddenLabels = [...view.hiddenLabels].join(" ");
    markSelection();
    if (state.scroll !== view.lastScroll) {
      const first = view.lastScroll === null && !state.selected;
      view.lastScroll = state.scroll;
      if (state.selected && !first) scrollToSelected();
    }
  };

  function selectedMarks() {
    const state = currentState();
    if (!state.selected) return [];
    const id = CSS.escape(state.selected);
    if (state.selected_kind === "note") {
      return article.querySelectorAll(`.hl-notes[data-note~="${id}"], .hl-entities[data-note="${id}"]`);
    }
    return article.querySelectorAll(`.hl-claims[data-ids~="${id}"]`);
  }

  function markSelection() {
    article.querySelectorAll(".hl.is-selected").forEach((m) => m.classList.remove("is-selected"));
    selectedMarks().forEach((m) => m.classList.add("is-selected"));
    root.dataset.selected = currentState().selected || "";
  }

  function scrollToSelected() {
    let marks = selectedMarks();
    if (!marks.length && view.pending.length) {
      flushPages();
      markSelection();
      marks = selectedMarks();
    }
    if (!marks.length) return;
    const target = marks[0];
    target.scrollIntoView({ block: "center", behavior: "auto" });
    // Blocks skipped by content-visibility get their real height once near the screen: settle again.
    requestAnimationFrame(() => requestAnimationFrame(() => target.scrollIntoView({ block: "center", behavior: "auto" })));
  }

  // -- clicks -------------------------------------------------------------------------

  function visible(mark) {
    const layer = mark.dataset.layer;
    if (view.hiddenLayers.has(layer)) return false;
    return !(layer === "entities" && view.hiddenLabels.has(mark.dataset.label));
  }

  function actionable(mark) {
    const layer = mark.dataset.layer;
    return visible(mark) && (layer === "claims" || layer === "notes" || (layer === "entities" && !!mark.dataset.note));
  }

  function chain(target) {
    const marks = [];
    let mark = target instanceof Element ? target.closest(".hl") : null;
    while (mark && article.contains(mark)) {
      marks.push(mark);
      mark = mark.parentElement ? mark.parentElement.closest(".hl") : null;
    }
    return marks;
  }

  function activate(target) {
    const marks = chain(target);
    const mark = marks.find(actionable);
    if (!mark) return false;
    const ids = (mark.dataset.ids || "").split(" ").filter(Boolean);
    const note = mark.dataset.note ? mark.dataset.note.split(" ")[0] : null;
    const claims = [...new Set(marks.filter((m) => m.dataset.layer === "claims" && visible(m))
      .flatMap((m) => (m.dataset.ids || "").split(" ").filter(Boolean)))];
    const layer = mark.dataset.layer;
    // Select at once in the page; Python confirms it through the state component.
    article.querySelectorAll(".hl.is-selected").forEach((m) => m.classList.remove("is-selected"));
    const kind = layer === "claims" ? "claim" : "note";
    const key = kind === "claim" ? ids[0] : note;
    window.__readerArticleState = { ...currentState(), selected: key, selected_kind: kind };
    markSelection();
    view.send("click", { layer, id: layer === "claims" ? ids[0] : mark.dataset.ids, ids, note, claims });
    return true;
  }

  function onClick(event) {
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && article.contains(selection.anchorNode)) return;
    if (activate(event.target)) event.preventDefault();
  }

  function onKey(event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.classList?.contains("hl")) {
      if (activate(event.target)) event.preventDefault();
    }
  }

  // -- hover previews -----------------------------------------------------------------

  const LAYER_NAMES = { claims: "Claim", notes: "Note", entities: "" };

  function onOver(event) {
    const marks = chain(event.target).filter(visible);
    const lines = [];
    for (const mark of marks.slice().reverse()) {
      const preview = mark.dataset.preview;
      if (!preview) continue;
      const name = LAYER_NAMES[mark.dataset.layer];
      for (const line of preview.split("\n")) lines.push(name ? `${name} · ${line}` : line);
    }
    if (!lines.length) return hideTip();
    tip.replaceChildren(...[...new Set(lines)].map((line) => {
      const div = document.createElement("div");
      div.textContent = line;
      return div;
    }));
    const rect = (marks[0].getClientRects()[0] || marks[0].getBoundingClientRect());
    tip.hidden = false;
    const width = tip.offsetWidth;
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    const below = rect.bottom + 8 + tip.offsetHeight < window.innerHeight;
    tip.style.left = `${left}px`;
    tip.style.top = `${below ? rect.bottom + 6 : rect.top - tip.offsetHeight - 6}px`;
  }

  function hideTip() {
    tip.hidden = true;
  }

  function onOut(event) {
    if (!event.relatedTarget || !article.contains(event.relatedTarget) || !chain(event.relatedTarget).length) hideTip();
  }

  // -- text selection -----------------------------------------------------------------

  function blockOffset(block, node, offset) {
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function onSelectionEnd() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer) && !range.commonAncestorContainer.contains(article)) return;
    const blocks = [...article.querySelectorAll("[data-start]:not(.hl)")].filter((b) => range.intersectsNode(b));
    if (!blocks.length) return;
    const pieces = [];
    let start = null;
    let end = null;
    for (const block of blocks) {
      const text = block.textContent;
      const from = block.contains(range.startContainer) ? blockOffset(block, range.startContainer, range.startOffset) : 0;
      const to = block.contains(range.endContainer) ? blockOffset(block, range.endContainer, range.endOffset) : text.length;
      if (to <= from) continue;
      const base = Number(block.dataset.start);
      if (start === null) start = base + from;
      end = base + to;
      pieces.push(text.slice(from, to));
    }
    if (start === null || !pieces.join("").trim()) return;
    const payload = { start, end, text: pieces.join("\n\n") };
    const signature = `${view.key}:${start}:${end}`;
    if (signature === view.lastSelection) return;
    view.lastSelection = signature;
    hideTip();
    view.send("selection", payload);
  }

  function onKeyUp(event) {
    if (event.shiftKey) onSelectionEnd();
  }

  // -- wiring -------------------------------------------------------------------------

  const onState = () => view.applyState();
  view.attach = () => {
    article.addEventListener("click", onClick);
    article.addEventListener("keydown", onKey);
    article.addEventListener("mouseover", onOver);
    article.addEventListener("mouseout", onOut);
    article.addEventListener("mouseup", onSelectionEnd);
    article.addEventListener("keyup", onKeyUp);
    window.addEventListener(STATE_EVENT, onState);
    window.addEventListener("scroll", hideTip, true);
  };
  view.detach = () => {
    clearTimeout(view.timer);
    article.removeEventListener("click", onClick);
    article.removeEventListener("keydown", onKey);
    article.removeEventListener("mouseover", onOver);
    article.removeEventListener("mouseout", onOut);
    article.removeEventListener("mouseup", onSelectionEnd);
    article.removeEventListener("keyup", onKeyUp);
    window.removeEventListener(STATE_EVENT, onState);
    window.removeEventListener("scroll", hideTip, true);
    delete root.__reader;
  };
  return view;
}
