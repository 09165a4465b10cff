// The bridge to Python: the article component's entry point (bundled into
// reader/assets/article.js by `make assets`).
//
// Two components share this page (both get their data as JSON bytes):
//   reader_article        data = {key, slug, section, source, length, count, statuses, layer_names,
//                                 pages: [[index, html], ...]}
//                         — the article, with its first page (and the page a deep link opens on);
//                         the HTML comes escaped from reader.html.render;
//   reader_article_state  data = {hidden_layers, hidden_labels, selected, selected_kind, scroll,
//                                 page, keys}
//                         — small, changes with every toggle and selection; `page` holds the selection.
// Keeping them apart means a toggle or a click never re-sends the article: the state component
// (state.js) hands its data to the article through the channel of channel.js.
//
// Events sent to Python by the article component (trigger values, one script run each):
//   click      {layer, id, ids, note, claims}  a highlight was clicked (or Enter on a claim)
//   dismiss    a time stamp                    the evidence was closed (Escape, a tap outside the sheet)
//   selection  {start, end, text}              text was selected in the article; offsets
//                                              index the document text, text === text[start:end]
import { askForState, decode } from "./channel.js";
import { createView } from "./view.js";

const views = new WeakMap(); // .reader-view element -> its view, kept across the component's runs

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".reader-view");
  if (!root) return;
  const mounted = !views.has(root);
  if (mounted) {
    views.set(root, createView(root, () => views.delete(root)));
    views.get(root).attach();
  }
  const view = views.get(root);
  view.send = setTriggerValue;
  view.detectTheme();
  view.load(decode(data));
  view.applyState();
  // A view mounted after the state component asks for its state (once: later, the state
  // component's latest could undo a selection made in the page that Python has not confirmed).
  if (mounted) askForState();
  return () => view.detach();
}
