// The reader's place, kept across a live reload and a scroll to the selection.

export function installPlace(view) {
  const { article } = view.dom;

  function scroller() {
    for (let node = article.parentElement; node; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && node.scrollHeight > node.clientHeight) return node;
    }
    return document.scrollingElement || document.documentElement;
  }

  function allBlocks() {
    return article.querySelectorAll("[data-start]:not(.hl)");
  }

  // The first block at the top of the screen: its text, offset, page and distance from the top.
  view.placeInView = () => {
    const list = allBlocks();
    let low = 0;
    let high = list.length - 1;
    if (high < 0) return null;
    while (low < high) { // blocks are in reading order, top to bottom
      const middle = (low + high) >> 1;
      if (list[middle].getBoundingClientRect().bottom > 0) high = middle;
      else low = middle + 1;
    }
    const block = list[low];
    const page = Number(block.closest(".reader-page")?.dataset.page ?? 0);
    return { text: block.textContent, start: Number(block.dataset.start), page, top: block.getBoundingClientRect().top };
  };

  // Back to the same block: the one with the same text nearest its old offset (an edit above it
  // moves the offsets), else the last one starting at or before that offset.
  view.restorePlace = (place) => {
    let same = null;
    let before = null;
    for (const block of allBlocks()) {
      const start = Number(block.dataset.start);
      if (start <= place.start) before = block;
      if (block.textContent === place.text
          && (!same || Math.abs(start - place.start) < Math.abs(Number(same.dataset.start) - place.start))) same = block;
    }
    const target = same || before;
    if (target) view.pin(target, place.top);
  };

  // Keep `target` at `top` on the screen for a moment: blocks skipped by content-visibility get
  // their real height once near the screen, which moves what is below them (the browser's scroll
  // anchoring does not cover a place just scrolled to). A ResizeObserver corrects after layout and
  // before paint, so nothing jumps. Stops when the reader scrolls.
  view.pin = (target, top) => {
    view.unpin();
    const box = scroller();
    let expected = null;
    const adjust = () => {
      if (!target.isConnected || (expected !== null && Math.abs(box.scrollTop - expected) > 1)) return stop();
      const delta = target.getBoundingClientRect().top - top;
      if (Math.abs(delta) >= 1) box.scrollTop += delta;
      expected = box.scrollTop;
    };
    const observer = new ResizeObserver(adjust);
    const timer = setTimeout(() => stop(), 2000);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
      view.unpin = () => {};
    };
    view.unpin = stop;
    adjust();
    observer.observe(article);
  };

  return [];
}
