// Hover previews: the short text of the highlights under the pointer, in our own tooltip.

import { highlightChain } from "../highlights.js";

const PREVIEW_LAYER_NAMES = { claims: "Claim", notes: "Note", entities: "" };

// The lines of the preview of the highlights `marks` (innermost first): outermost first, each
// line named by its layer, none twice.
export function previewLines(marks) {
  const lines = [];
  for (const mark of marks.slice().reverse()) {
    const preview = mark.dataset.preview;
    if (!preview) continue;
    const name = PREVIEW_LAYER_NAMES[mark.dataset.layer];
    for (const line of preview.split("\n")) lines.push(name ? `${name} · ${line}` : line);
  }
  return [...new Set(lines)];
}

export function installPreviews(view) {
  const { article, tip } = view.dom;

  function onOver(event) {
    const marks = highlightChain(event.target, article).filter(view.visible);
    const lines = previewLines(marks);
    if (!lines.length) return view.hideTip();
    tip.replaceChildren(...lines.map((line) => {
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

  view.hideTip = () => {
    tip.hidden = true;
  };

  function onOut(event) {
    if (!event.relatedTarget || !article.contains(event.relatedTarget)
        || !highlightChain(event.relatedTarget, article).length) view.hideTip();
  }

  return [[article, "mouseover", onOver], [article, "mouseout", onOut], [window, "scroll", view.hideTip, true]];
}
