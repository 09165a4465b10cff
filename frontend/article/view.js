// The article view: one object per mounted article, put together from the modules of this
// folder (pages, place, marks, previews, selection), each adding its functions to `view` and
// returning the listeners it needs.
import { onState } from "./channel.js";
import { installMarks } from "./marks.js";
import { installPages } from "./pages.js";
import { installPlace } from "./place.js";
import { installPreviews } from "./previews.js";
import { installSelection } from "./selection.js";

// The state before the state component's first: nothing hidden, nothing selected.
const NO_STATE = { hidden_layers: [], hidden_labels: [], selected: null, selected_kind: null, scroll: 0 };

// `forget` is called when the view is detached.
export function createView(root, forget) {
  const view = {
    dom: {
      root,
      article: root.querySelector("article.article"),
      kicker: root.querySelector(".reader-kicker"),
      source: root.querySelector(".reader-source"),
      tip: root.querySelector(".reader-tip"),
      labelStyle: root.querySelector("style.reader-label-rules"),
      live: root.querySelector(".reader-live"),
      descriptions: root.querySelector(".reader-descriptions"),
    },
    layerNames: {},
    opener: null, // the highlight the open evidence came from (focus returns to it)
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
    unpin: () => {}, // stops keeping a place on the screen (see place.js pin)
    lastScroll: null,
    lastSelection: null,
    hiddenLayers: new Set(),
    hiddenLabels: new Set(),
    state: NO_STATE, // the state component's latest (the page updates `selected` at once on a click)
    want: null, // asks Python for pages (from the state component)
  };
  // A screen reader hears this (a polite live region): layer toggles, evidence opened or closed.
  view.announce = (message) => {
    const live = view.dom.live;
    live.textContent = "";
    setTimeout(() => { live.textContent = message; }, 50); // a change, even for the same words
  };
  // The modules' listeners, in one list for attach and detach, so a listener can never be
  // added without being removed.
  const listeners = [installPlace, installPages, installMarks, installPreviews, installSelection]
    .flatMap((install) => install(view));
  const receive = ({ state, pages, want }) => {
    view.state = state || NO_STATE;
    view.want = want || null;
    view.receivePages(pages);
    view.applyState();
    view.requestPages();
  };
  let stopReceiving = () => {};
  view.attach = () => {
    for (const [target, type, handler, capture] of listeners) target.addEventListener(type, handler, capture);
    stopReceiving = onState(receive);
  };
  view.detach = () => {
    view.unpin();
    clearTimeout(view.retry);
    clearTimeout(view.timer);
    for (const [target, type, handler, capture] of listeners) target.removeEventListener(type, handler, capture);
    stopReceiving();
    forget();
  };
  return view;
}
