// The article's state component: hands toggles and the selection to the article view
// (reader/views/article.js) without re-sending the article. Renders nothing.
export default function (component) {
  window.__readerArticleState = component.data || {};
  window.dispatchEvent(new CustomEvent("reader:article-state"));
}
