// The 机关党委's view: one card a branch and a total, figures only. Everything the server
// sends goes in with textContent, never as HTML.
(function () {
  "use strict";
  var t = ML.t;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function rate(value) { return value === null ? "—" : value + "%"; }

  function figure(label, value) {
    var node = el("div", "figure");
    node.appendChild(el("div", "label", label));
    node.appendChild(el("div", "value", value));
    return node;
  }

  function branchCard(b, title, total) {
    var node = el("section", total ? "branch total" : "branch");
    node.appendChild(el("h2", "", title));
    var grid = el("div", "cards");
    grid.appendChild(figure(t("web.cm.lessons"), b.lessons));
    grid.appendChild(figure(t("web.cm.rate"), rate(b.rate)));
    grid.appendChild(figure(t("web.cm.notes"), b.notes));
    grid.appendChild(figure(t("web.cm.meetings"), b.held + "/" + b.required));
    grid.appendChild(figure(t("web.cm.roster"), b.linked + "/" + b.roster));
    node.appendChild(grid);
    return node;
  }

  function render(data) {
    var parts = data.month.split("-");
    document.title = data.name + " · " + t("web.cm.title");
    $("title").textContent = data.name + " · " + t("web.cm.title");
    $("range").textContent = t("web.cm.month", { year: parts[0], month: Number(parts[1]) });
    var box = $("branch-cards");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    data.branches.forEach(function (b) { box.appendChild(branchCard(b, b.title, false)); });
    box.appendChild(branchCard(data.total, t("web.cm.total", { n: data.branches.length }), true));
    $("branches-hint").textContent = t("web.cm.hint");
    $("status").hidden = true;
    $("branches").hidden = false;
    document.body.dataset.ready = "1";
  }

  function refuse(message) {
    var status = $("status");
    status.textContent = message;
    status.className = "refused";
    document.body.dataset.ready = "refused";
  }

  $("status").textContent = t("web.dash.loading");
  ML.ready();
  var month = ML.query.get("month");
  ML.api("/api/committee/month" + (month ? "?month=" + encodeURIComponent(month) : ""))
    .then(function (answer) {
      if (answer.ok) { render(answer.data); return; }
      refuse(answer.data.message || t("web.dash.failed"));
    })
    .catch(function () { refuse(t("web.dash.failed")); });
})();
