// The bridge to Python: the article component's entry point, the data it gets, and the
// state component's data (handed over through `window`).
//
// Two components share this page (both get their data as JSON bytes):
//   reader_article        data = {key, slug, section, source, length, count, statuses, layer_names,
//                                 pages: [[index, html], ...]}
//                         — the article, with its first page (and the page a deep link opens on);
//                         the HTML comes escaped from reader.html.render;
//   reader_article_state  data = {hidden_layers, hidden_labels, selected, selected_kind, scroll, page, keys}
//                         — small, changes with every toggle and selection; `page` holds the selection.
// Keeping them apart means a toggle or a click never re-sends the article: the state component
// (reader/assets/state.js) hands its data to the article through `window` and an event.
//
// Events sent to Python by the article component (trigger values, one script run each):
//   click      {layer, id, ids, note, claims}  a highlight was clicked (or Enter on a claim)
//   dismiss    a time stamp                    the evidence was closed (Escape, a tap outside the sheet)
//   selection  {start, end, text}              text was selected in the article; offsets
//                                              index the document text, text === text[start:end]

const STATE_EVENT = "reader:article-state";
const LAYERS = ["entities", "claims", "notes"];

// Python sends the data as JSON bytes (see reader/app/views/article.py `_payload`).
function decode(data) {
  return data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data || {};
}

function currentState() {
  return window.__readerArticleState || { hidden_layers: [], hidden_labels: [], selected: null, selected_kind: null, scroll: 0 };
}

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
