// Standalone export (reader.interop.standalone.to_html): layer toggles and the claim / note panel.
// Everything the panel shows is already in the page (escaped by the exporter), in hidden
// sections; the script only shows and hides them and moves a figure into the claim that shows it.
(function () {
  "use strict";
  var root = document.getElementById("reader");
  var article = document.getElementById("article");
  var panel = document.getElementById("panel-body");

  function layerHidden(layer) { return root.classList.contains("hide-" + layer); }

  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    function apply() { root.classList.toggle("hide-" + box.dataset.layer, !box.checked); }
    box.addEventListener("change", apply);
    apply();
  });

  function view(kind, id) {
    var found = document.getElementById("view-" + kind + "-" + id);
    return found && panel.contains(found) ? found : null;
  }

  function select(mark) {
    article.querySelectorAll("mark.is-selected").forEach(function (m) { m.classList.remove("is-selected"); });
    if (mark) mark.classList.add("is-selected");
  }

  function showViews(views, showing, mark) {
    panel.querySelectorAll(":scope > section.view").forEach(function (v) { v.hidden = views.indexOf(v) < 0; });
    views.forEach(function (v) {
      v.querySelectorAll("[data-figure]").forEach(function (slot) {
        var figure = document.getElementById("figure-" + slot.dataset.figure);
        if (figure) slot.appendChild(figure);  // moved, not copied: one chart, its ids unique
      });
    });
    panel.dataset.showing = showing;
    select(mark);
    panel.parentElement.scrollTop = 0;
  }

  function show(kind, ids, mark) {
    var views = ids.map(function (id) { return view(kind, id); }).filter(Boolean);
    if (!views.length) return false;
    showViews(views, kind + ":" + ids.join(" "), mark);
    return true;
  }

  function home() { showViews([view("panel", "home")], "home", null); }

  function visible(mark) { return !layerHidden(mark.dataset.layer); }

  function activate(target) {
    // What a click opens is resolved as in the app (reader/assets/js/highlights.js): the
    // innermost visible highlight with evidence that this page has a view for.
    var marks = highlightTargets(target, article, visible);
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i];
      if (mark.dataset.layer === "claims" && show("claim", highlightWords(mark.dataset.ids), mark)) return true;
      if (mark.dataset.note && show("note", highlightWords(mark.dataset.note), mark)) return true;
    }
    return false;
  }

  article.querySelectorAll("mark.hl-claims, mark.hl-notes, mark.hl-entities[data-note]").forEach(function (mark) {
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
  });
  article.addEventListener("click", function (event) { activate(event.target); });
  article.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("mark.hl")) {
      if (activate(event.target)) event.preventDefault();
    }
  });
  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-claim], button[data-home]");
    if (!button) return;
    if (button.hasAttribute("data-home")) { home(); return; }
    var id = button.dataset.claim;
    var mark = null;
    article.querySelectorAll("mark.hl-claims").forEach(function (m) {
      if (!mark && m.dataset.ids.split(" ").indexOf(id) >= 0) mark = m;
    });
    show("claim", [id], mark);
    if (mark) mark.scrollIntoView({block: "center"});
  });
  home();
})();
