// Pages: the article arrives in pages. The article component brings the first one (and the page
// a deep link opens on); the view asks for the others, a few at a time, through the state
// component (view.want, from channel.js -> its "want" trigger -> a rerun of that component's
// fragment alone), which brings them back as data.pages = {key, items: [[index, html], ...]}.
// Each page fills its own <div class="reader-page"> (display: contents), so pages may come in
// any order: the one a deep link or the claims list needs comes first.

const CHUNK_PAGES = 4; // pages asked for at once (Python's MAX_PAGES_PER_ANSWER)
const RETRY_MS = 4000; // a request whose answer got lost (a rerun interrupted) is asked again

// The pages to ask for next, as [from, to): from the first of the `count` pages that is neither
// `loaded` nor `coming`, at most CHUNK_PAGES of them, up to the next one loaded; null when
// none is missing.
export function pagesToAsk(count, loaded, coming) {
  let from = 0;
  while (from < count && (loaded.has(from) || coming.has(from))) from++;
  if (from >= count) return null;
  let to = from + 1;
  while (to < count && to - from < CHUNK_PAGES && !loaded.has(to)) to++;
  return [from, to];
}

export function installPages(view) {
  const { root, article, kicker, source } = view.dom;

  view.load = (data) => {
    if (data.key === view.key) return;
    const sameDocument = view.slug === data.slug;
    // An edit on disk: remember what the reader is looking at before the pages change.
    const place = sameDocument && view.loaded.size ? view.placeInView() : null;
    view.key = data.key;
    view.dom.descriptions.dataset.statuses = JSON.stringify(data.statuses || {}); // words per status (reader.vocabulary)
    view.layerNames = data.layer_names || {};
    view.slug = data.slug;
    view.asked = 0;
    view.scrollPending = false;
    view.queue = [];
    clearTimeout(view.retry);
    clearTimeout(view.timer);
    kicker.textContent = data.section || "";
    kicker.hidden = !data.section;
    // data.source is already a safe http(s) URL (reader.html.sanitize.safe_url) or "".
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
    if (place && !view.staged) view.restorePlace(place);
    // Ask for the rest once the first screen is shown and the page is idle (the rest of the app
    // is still being drawn on a first visit): pages coming sooner would only compete with it.
    const later = window.requestIdleCallback || ((callback) => setTimeout(callback, 200));
    later(() => view.requestPages(), { timeout: 2000 });
  };

  // One page into its slot; false if it is not one we are waiting for.
  function putPage(item) {
    const [index, html] = Array.isArray(item) ? item : [];
    const slot = view.slots[index];
    if (!slot || view.loaded.has(index) || typeof html !== "string") return false;
    slot.innerHTML = html;
    view.preparePage(slot);
    view.loaded.add(index);
    view.selectedMarks(slot).forEach((mark) => mark.classList.add("is-selected"));
    return true;
  }

  // After pages went in: swap in a staged reload once it reaches the reader's place; say when all are in.
  function settle() {
    if (view.staged && view.slots.every((_, i) => i > view.staged.page || view.loaded.has(i))) {
      const place = view.staged;
      view.staged = null;
      article.replaceChildren(...view.slots);
      view.markSelection();
      view.restorePlace(place);
    }
    const complete = !view.staged && view.loaded.size === view.slots.length;
    root.dataset.rendered = complete ? "complete" : "partial";
    if (view.scrollPending && view.selectedMarks().length) {
      view.scrollPending = false;
      view.scrollToSelected();
    }
  }

  function drainQueue() {
    clearTimeout(view.timer);
    while (view.queue.length && !putPage(view.queue.shift())) {}
    settle();
    if (view.queue.length) view.timer = setTimeout(drainQueue, 0);
  }

  view.requestPages = () => {
    const coming = new Set(view.queue.map(([index]) => index));
    const pages = pagesToAsk(view.slots.length, view.loaded, coming);
    if (!pages || (view.asked && Date.now() - view.asked < RETRY_MS)) return;
    view.ask(...pages);
  };

  view.ask = (from, to) => {
    if (!view.want) return; // the state component is not there yet
    view.asked = Date.now();
    view.want({ key: view.key, from, to, n: ++view.asks });
    clearTimeout(view.retry);
    view.retry = setTimeout(() => {
      view.asked = 0;
      view.requestPages();
    }, RETRY_MS);
  };

  // Pages asked for, as the state component brings them: ask for the next ones at once (Python
  // works while the browser puts these in), and put them in a page per task.
  view.receivePages = (answer) => {
    if (!answer || answer.key !== view.key || !Array.isArray(answer.items)) return;
    view.asked = 0;
    clearTimeout(view.retry);
    // The selection's page first, if it is among them.
    const page = view.state.page;
    const items = answer.items.filter(Array.isArray);
    view.queue.push(...items.filter(([index]) => index === page), ...items.filter(([index]) => index !== page));
    view.requestPages();
    clearTimeout(view.timer);
    view.timer = setTimeout(drainQueue, 0); // not in the task that decoded the message
  };

  return [];
}
