// The one channel between the article's two components (two bundles, so no shared module
// state): events on `window`.
//
//   "reader:article-state"  state component -> article view, detail {state, pages, want}:
//       state  {hidden_layers, hidden_labels, selected, selected_kind, scroll, page, keys}
//       pages  {key, items: [[index, html], ...]} (pages the view asked for) or null
//       want   want({key, from, to, n}) asks Python for those pages (the "want" trigger)
//   "reader:article-ready"  article view -> state component, no detail: a view was mounted;
//       the state component answers at once with its latest state (pages: null).

const STATE_EVENT = "reader:article-state";
const READY_EVENT = "reader:article-ready";

export function sendState(detail) {
  window.dispatchEvent(new CustomEvent(STATE_EVENT, { detail }));
}

export function onState(handler) {
  const listener = (event) => handler(event.detail);
  window.addEventListener(STATE_EVENT, listener);
  return () => window.removeEventListener(STATE_EVENT, listener);
}

export function askForState() {
  window.dispatchEvent(new CustomEvent(READY_EVENT));
}

export function onAskForState(handler) {
  window.addEventListener(READY_EVENT, handler);
}

// Python sends the components' data as JSON bytes (reader/app/views/article.py `_payload`).
export function decode(data) {
  return data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data || {};
}
