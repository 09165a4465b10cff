// Text selection: a selection in the article, as offsets into the document text, sent to
// Python (the Edit view's "New claim / New note / Mark entity").

export function installSelection(view) {
  const { article } = view.dom;

  function blockOffset(block, node, offset) {
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function onSelectionEnd() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer) && !range.commonAncestorContainer.contains(article)) return;
    const blocks = [...article.querySelectorAll("[data-start]:not(.hl)")].filter((b) => range.intersectsNode(b));
    if (!blocks.length) return;
    // Across a page that has not come yet, the offsets would not match the text: wait for it.
    const [first, last] = [blocks[0], blocks[blocks.length - 1]].map((b) => Number(b.closest(".reader-page")?.dataset.page));
    for (let page = first; page <= last; page++) if (!view.loaded.has(page)) return;
    const pieces = [];
    let start = null;
    let end = null;
    for (const block of blocks) {
      const text = block.textContent;
      const from = block.contains(range.startContainer) ? blockOffset(block, range.startContainer, range.startOffset) : 0;
      const to = block.contains(range.endContainer) ? blockOffset(block, range.endContainer, range.endOffset) : text.length;
      if (to <= from) continue;
      const base = Number(block.dataset.start);
      if (start === null) start = base + from;
      end = base + to;
      pieces.push(text.slice(from, to));
    }
    if (start === null || !pieces.join("").trim()) return;
    const payload = { start, end, text: pieces.join("\n\n") };
    const signature = `${view.key}:${start}:${end}`;
    if (signature === view.lastSelection) return;
    view.lastSelection = signature;
    view.hideTip();
    view.send("selection", payload);
  }

  function onKeyUp(event) {
    if (event.shiftKey) onSelectionEnd();
  }

  return [[article, "mouseup", onSelectionEnd], [article, "keyup", onKeyUp]];
}
