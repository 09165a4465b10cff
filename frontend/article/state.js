// The article's state component: hands toggles, the selection and the pages it was asked for to
// the article view (frontend/article/index.js) through the channel (channel.js), without
// re-sending the article. Renders nothing. It also carries the view's requests for pages (the
// "want" trigger) to Python.
import { decode, onAskForState, sendState } from "./channel.js";

let latest = null; // the last state and want function, for a view mounted after them

onAskForState(() => {
  if (latest) sendState({ ...latest, pages: null });
});

export default function (component) {
  const { pages, ...state } = decode(component.data); // reader/app/views/article.py `article_state`
  latest = { state, want: (request) => component.setTriggerValue("want", request) };
  sendState({ ...latest, pages: pages || null });
}
