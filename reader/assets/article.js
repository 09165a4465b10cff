// The article view (a Streamlit custom component v2, mounted without an iframe or shadow root).
//
// Two components share this page (both get their data as JSON bytes):
//   reader_article        data = {key, slug, section, source, length, count, pages: [[index, html], ...]}
//                         — the article, with its first page (and the page a deep link opens on);
//                         the HTML comes escaped from reader.render;
//   reader_article_state  data = {hidden_layers, hidden_labels, selected, selected_kind, scroll, page}
//                         — small, changes with every toggle and selection; `page` holds the selection.
// Keeping them apart means a toggle or a click never re-sends the article: the state component
// hands its data to the article through `window` and an event.
//
// A book is not sent whole: the view asks for its other pages, a few at a time, through the state
// component (window.__readerRequestPages -> its "want" trigger -> a rerun of that component's
// fragment alone), which brings them back as data.pages = {key, items: [[index, html], ...]}.
// Each page fills its own <div class="reader-page"> (display: contents), so pages may come in
// any order: the one a deep link or the claims list needs comes first.
//
// Events sent to Python by the article component (trigger values, one script run each):
//   click      {layer, id, ids, note, claims}  a highlight was clicked (or Enter on a claim)
//   selection  {start, end, text}              text was selected in the article; offsets
//                                              index the document text, text === text[start:end]

const STATE_EVENT = "reader:article-state";
const LAYERS = ["entities", "claims", "notes"];
const CHUNK_PAGES = 4; // pages asked for at once (Python's MAX_PAGES_PER_ANSWER)
const RETRY_MS = 4000; // a request whose answer got lost (a rerun interrupted) is asked again

// Python sends the data as JSON bytes (see reader/app/views/article.py `_payload`).
function decode(data) {
  return data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data || {};
}

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
  view.load(decode(data));
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
    slots: [], // one <div class="reader-page"> per page
    loaded: new Set(), // indexes of the pages in their slot
    queue: [], // [index, html] of pages come but not yet put in (one per task: the page stays responsive)
    timer: null,
    staged: null, // live reload: the reader's place, kept until the new pages down to it are in
    asked: 0, // when the last request for pages went out (0: none unanswered)
    asks: 0,
    retry: null,
    scrollPending: false, // the selection's page was asked for: scroll to it when it comes
    unpin: () => {}, // stops keeping a place on the screen (see pin)
    lastScroll: null,
    lastSelection: null,
    hiddenLayers: new Set(),
    hiddenLabels: new Set(),
  };

  // -- rendering --------------------------------------------------------------------

  view.load = (data) => {
    if (data.key === view.key) return;
    const sameDocument = view.slug === data.slug;
    // An edit on disk: remember what the reader is looking at before the pages change.
    const place = sameDocument && view.loaded.size ? placeInView() : null;
    view.key = data.key;
    view.slug = data.slug;
    view.asked = 0;
    view.scrollPending = false;
    view.queue = [];
    clearTimeout(view.retry);
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
    article.dataset.length = String(data.length ?? "");
    // A new document scrolls to its selection; the same one edited on disk stays where the reader is.
    if (!sameDocument) view.lastScroll = null;
    view.loaded = new Set();
    view.slots = Array.from({ length: Math.max(0, Number(data.count) || 0) }, (_, index) => {
      const slot = document.createElement("div");
      slot.className = "reader-page";
      slot.dataset.page = String(index);
      return slot;
    });
    // Far down a book, the old text stays on screen until the new one reaches the reader's place.
    view.staged = place && place.page > 0 ? place : null;
    if (!view.staged) article.replaceChildren(...view.slots);
    for (const item of Array.isArray(data.pages) ? data.pages : []) putPage(item);
    settle();
    if (place && !view.staged) restorePlace(place);
    // Ask for the rest once the first screen is shown and the page is idle (the rest of the app
    // is still being drawn on a first visit): pages coming sooner would only compete with it.
    const later = window.requestIdleCallback || ((callback) => setTimeout(callback, 200));
    later(() => requestPages(), { timeout: 2000 });
  };

  // One page into its slot; false if it is not one we are waiting for.
  function putPage(item) {
    const [index, html] = Array.isArray(item) ? item : [];
    const slot = view.slots[index];
    if (!slot || view.loaded.has(index) || typeof html !== "string") return false;
    slot.innerHTML = html;
    // Title attributes become our own previews (no double tooltips); claims are keyboard targets.
    slot.querySelectorAll(".hl[title]").forEach((mark) => {
      mark.dataset.preview = mark.getAttribute("title");
      mark.removeAttribute("title");
    });
    slot.querySelectorAll(".hl-claims").forEach((mark) => {
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
    });
    view.loaded.add(index);
    selectedMarks(slot).forEach((mark) => mark.classList.add("is-selected"));
    return true;
  }

  // After pages went in: swap in a staged reload once it reaches the reader's place; say when all are in.
  function settle() {
    if (view.staged && view.slots.every((_, i) => i > view.staged.page || view.loaded.has(i))) {
      const place = view.staged;
      view.staged = null;
      article.replaceChildren(...view.slots);
      markSelection();
      restorePlace(place);
    }
    const complete = !view.staged && view.loaded.size === view.slots.length;
    root.dataset.rendered = complete ? "complete" : "partial";
    if (view.scrollPending && selectedMarks().length) {
      view.scrollPending = false;
      scrollToSelected();
    }
  }

  function drainQueue() {
    clearTimeout(view.timer);
    while (view.queue.length && !putPage(view.queue.shift())) {}
    settle();
    if (view.queue.length) view.timer = setTimeout(drainQueue, 0);
  }

  function firstMissing() {
    const coming = new Set(view.queue.map(([index]) => index));
    return view.slots.findIndex((_, i) => !view.loaded.has(i) && !coming.has(i));
  }

  function requestPages() {
    const from = firstMissing();
    if (from < 0 || (view.asked && Date.now() - view.asked < RETRY_MS)) return;
    let to = from + 1;
    while (to < view.slots.length && to - from < CHUNK_PAGES && !view.loaded.has(to)) to++;
    ask(from, to);
  }

  function ask(from, to) {
    if (typeof window.__readerRequestPages !== "function") return; // the state component is not there yet
    view.asked = Date.now();
    window.__readerRequestPages({ key: view.key, from, to, n: ++view.asks });
    clearTimeout(view.retry);
    view.retry = setTimeout(() => {
      view.asked = 0;
      requestPages();
    }, RETRY_MS);
  }

  // Pages asked for, as the state component brings them: ask for the next ones at once (Python
  // works while the browser puts these in), and put them in a page per task.
  function receivePages(answer) {
    if (!answer || answer.key !== view.key || !Array.isArray(answer.items)) return;
    view.asked = 0;
    clearTimeout(view.retry);
    // The selection's page first, if it is among them.
    const page = currentState().page;
    const items = answer.items.filter(Array.isArray);
    view.queue.push(...items.filter(([index]) => index === page), ...items.filter(([index]) => index !== page));
    requestPages();
    clearTimeout(view.timer);
    view.timer = setTimeout(drainQueue, 0); // not in the task that decoded the message
  }

  // -- the reader's place, kept across a live reload ------------------------------------

  function scroller() {
    for (let node = article.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && node.scrollHeight > node.clientHeight) return node;
    }
    return document.scrollingElement || document.documentElement;
  }

  function allBlocks() {
    return article.querySelectorAll("[data-start]:not(.hl)");
  }

  // The first block at the top of the screen: its text, offset, page and distance from the top.
  function placeInView() {
    const list = allBlocks();
    let low = 0;
    let high = list.length - 1;
    if (high < 0) return null;
    while (low < high) { // blocks are in reading order, top to bottom
      const middle = (low + high) >> 1;
      if (list[middle].getBoundingClientRect().bottom > 0) high = middle;
      else low = middle + 1;
    }
    const block = list[low];
    const page = Number(block.closest(".reader-page")?.dataset.page ?? 0);
    return { text: block.textContent, start: Number(block.dataset.start), page, top: block.getBoundingClientRect().top };
  }

  // Back to the same block: the one with the same text nearest its old offset (an edit above it
  // moves the offsets), else the last one starting at or before that offset.
  function restorePlace(place) {
    let same = null;
    let before = null;
    for (const block of allBlocks()) {
      const start = Number(block.dataset.start);
      if (start <= place.start) before = block;
      if (block.textContent === place.text
          && (!same || Math.abs(start - place.start) < Math.abs(Number(same.dataset.start) - place.start))) same = block;
    }
    const target = same || before;
    if (target) pin(target, place.top);
  }

  // Keep `target` at `top` on the screen for a moment: blocks skipped by content-visibility get
  // their real height once near the screen, which moves what is below them (the browser's scroll
  // anchoring does not cover a place just scrolled to). A ResizeObserver corrects after layout and
  // before paint, so nothing jumps. Stops when the reader scrolls.
  function pin(target, top) {
    view.unpin();
    const box = scroller();
    let expected = null;
    const adjust = () => {
      if (!target.isConnected || (expected !== null && Math.abs(box.scrollTop - expected) > 1)) return stop();
      const delta = target.getBoundingClientRect().top - top;
      if (Math.abs(delta) >= 1) box.scrollTop += delta;
      expected = box.scrollTop;
    };
    const observer = new ResizeObserver(adjust);
    const timer = setTimeout(() => stop(), 2000);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
      view.unpin = () => {};
    };
    view.unpin = stop;
    adjust();
    observer.observe(article);
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

  function selectedMarks(scope = article) {
    const state = currentState();
    if (!state.selected) return [];
    const id = CSS.escape(state.selected);
    if (state.selected_kind === "note") {
      return scope.querySelectorAll(`.hl-notes[data-note~="${id}"], .hl-entities[data-note="${id}"]`);
    }
    return scope.querySelectorAll(`.hl-claims[data-ids~="${id}"]`);
  }

  function markSelection() {
    article.querySelectorAll(".hl.is-selected").forEach((m) => m.classList.remove("is-selected"));
    selectedMarks().forEach((m) => m.classList.add("is-selected"));
    root.dataset.selected = currentState().selected || "";
  }

  function scrollToSelected() {
    const marks = selectedMarks();
    if (!marks.length) {
      // Its page has not come yet: ask for it first, and scroll when it is in.
      const page = currentState().page;
      if (Number.isInteger(page) && view.slots[page] && !view.loaded.has(page)) {
        view.scrollPending = true;
        if (!view.queue.some(([index]) => index === page)) ask(page, page + 1);
      }
      return;
    }
    const target = marks[0];
    target.scrollIntoView({ block: "center", behavior: "auto" });
    pin(target, target.getBoundingClientRect().top);
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
    // Across a page that has not come yet, the offsets would not match the text: wait for it.
    const [first, last] = [blocks[0], blocks[blocks.length - 1]].map((b) => Number(b.closest(".reader-page")?.dataset.page));
    for (let page = first; page <= last; page++) if (!view.loaded.has(page)) return;
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

  const onState = (event) => {
    receivePages(event.detail?.pages);
    view.applyState();
    requestPages();
  };
  // One list for attach and detach, so a listener can never be added without being removed.
  const listeners = [
    [article, "click", onClick], [article, "keydown", onKey],
    [article, "mouseover", onOver], [article, "mouseout", onOut],
    [article, "mouseup", onSelectionEnd], [article, "keyup", onKeyUp],
    [window, STATE_EVENT, onState], [window, "scroll", hideTip, true],
  ];
  view.attach = () => {
    for (const [target, type, handler, capture] of listeners) target.addEventListener(type, handler, capture);
  };
  view.detach = () => {
    view.unpin();
    clearTimeout(view.retry);
    clearTimeout(view.timer);
    for (const [target, type, handler, capture] of listeners) target.removeEventListener(type, handler, capture);
    delete root.__reader;
  };
  return view;
}
