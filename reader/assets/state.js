// The article's state component: hands toggles, the selection and the pages it was asked for to
// the article view (reader/assets/js/article/) without re-sending the article. Renders nothing.
// It also carries the view's requests for pages (the "want" trigger) to Python.
export default function (component) {
  const { data } = component; // JSON bytes (reader/app/views/article.py `_payload`)
  const { pages, ...state } = data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data || {};
  window.__readerArticleState = state;
  window.__readerRequestPages = (request) => component.setTriggerValue("want", request);
  window.dispatchEvent(new CustomEvent("reader:article-state", { detail: { pages: pages || null } }));
}
