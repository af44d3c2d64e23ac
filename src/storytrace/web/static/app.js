// storytrace web pages: click (or Enter/Space on) a fact to highlight the versions that state it.
// Only toggles classes and sets textContent; never builds HTML from page data.
(function () {
  "use strict";
  function clear() {
    document.querySelectorAll(".fact.selected").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll(".highlight").forEach(function (el) { el.classList.remove("highlight"); });
  }
  function select(fact) {
    var was = fact.classList.contains("selected");
    clear();
    var status = document.getElementById("highlight-status");
    if (was) {
      if (status) { status.textContent = "Click a fact to highlight the versions that state it."; }
      return;
    }
    fact.classList.add("selected");
    var ids = (fact.getAttribute("data-docs") || "").split(/\s+/).filter(Boolean);
    // the versions table, the lineage nodes and the fact's own chips; not every chip on the page
    var targets = document.querySelectorAll("tr.version[data-doc], svg .node[data-doc], .version-card[data-doc]");
    targets.forEach(function (el) {
      if (ids.indexOf(el.getAttribute("data-doc")) >= 0) { el.classList.add("highlight"); }
    });
    fact.querySelectorAll(".chip[data-doc]").forEach(function (el) { el.classList.add("highlight"); });
    if (status) {
      var value = fact.querySelector(".fact-value") || fact;
      status.textContent = "“" + value.textContent.trim() + "” is stated by " + ids.length + " version" + (ids.length === 1 ? "" : "s") + " (highlighted).";
    }
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) { return; }
    var fact = ev.target.closest(".fact");
    if (fact) { select(fact); }
  });
  document.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList && ev.target.classList.contains("fact")) {
      ev.preventDefault();
      select(ev.target);
    }
  });
})();
