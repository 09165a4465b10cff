// The article's state component: hands toggles, the selection and the pages it was asked for to
// the article view (reader/views/article.js) without re-sending the article. Renders nothing.
// It also carries the view's requests for pages (the "want" trigger) to Python.
export default function (component) {
  const { pages, ...state } = component.data || {};
  window.__readerArticleState = state;
  window.__readerRequestPages = (request) => component.setTriggerValue("want", request);
  window.dispatchEvent(new CustomEvent("reader:article-state", { detail: { pages: pages || null } }));
}
