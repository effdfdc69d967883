// The secretary's dashboard. Everything the server sends is put in with textContent, never as
// HTML: member names and notes are what people typed (notes may contain HTML).
(function () {
  "use strict";
  var t = ML.t;
  var state = { group: ML.query.get("group") || "", board: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function monthDay(iso) {
    var parts = iso.split("-");
    return ML.lang === "en" ? parts[1] + "-" + parts[2]
      : Number(parts[1]) + "月" + Number(parts[2]) + "日";
  }
  function weekday(i) { return t("web.dash.weekdays").split(",")[i] || ""; }
  function rate(f) { return f.rate === null ? "—" : f.rate + "%"; }

  function showOnly(message, refused) {
    ["figures", "chart", "members", "notes", "ledger"].forEach(function (id) { $(id).hidden = true; });
    $("group-box").hidden = true;
    $("range").textContent = "";
    var status = $("status");
    status.hidden = false;
    status.textContent = message;
    status.className = refused ? "refused" : "";
  }

  function renderGroups(board) {
    var box = $("group-box"), select = $("group");
    box.hidden = board.groups.length < 2;
    $("group-label").textContent = t("web.dash.group");
    clear(select);
    board.groups.forEach(function (g) {
      var option = el("option", "", g.title);
      option.value = String(g.id);
      option.selected = g.id === board.group.id;
      select.appendChild(option);
    });
  }

  function card(label, value, last) {
    var node = el("div", "card");
    node.appendChild(el("div", "label", label));
    node.appendChild(el("div", "value", value));
    node.appendChild(el("div", "last", t("web.dash.last", { value: last })));
    return node;
  }

  function renderFigures(board) {
    var now = board.this_week, last = board.last_week, cards = $("cards");
    $("figures-title").textContent = t("web.dash.figures");
    clear(cards);
    cards.appendChild(card(t("web.dash.rate"), rate(now), rate(last)));
    cards.appendChild(card(t("web.dash.listened"), now.listened + "/" + now.expected,
      last.listened + "/" + last.expected));
    cards.appendChild(card(t("web.dash.makeup"), now.makeup, last.makeup));
    cards.appendChild(card(t("web.dash.notes"), now.notes, last.notes));
  }

  function renderChart(board) {
    var bars = $("bars");
    $("chart-title").textContent = t("web.dash.chart");
    clear(bars);
    var labels = [];
    board.days.forEach(function (d) {
      var bar = el("div", d.lessons ? "bar" : "bar none");
      var track = el("div", "track");
      var fill = el("div", "fill");
      var share = d.expected ? d.listened / d.expected : 0;
      fill.style.height = Math.round(share * 100) + "%";
      track.appendChild(fill);
      bar.appendChild(track);
      var count = d.lessons ? d.listened + "/" + d.expected : t("web.dash.no_lesson");
      bar.appendChild(el("div", "count", count));
      bar.appendChild(el("div", "day", weekday(d.weekday)));
      bar.dataset.day = d.day;
      bars.appendChild(bar);
      labels.push(weekday(d.weekday) + " " + count);
    });
    bars.setAttribute("aria-label", labels.join("，"));
  }

  // One member on one lesson: heard (and how) or not heard (and why), never a ranking, and
  // never how much of it: a member's own progress is theirs.
  function evidence(cell) {
    var box = el("div", "");
    if (!cell) { box.appendChild(el("span", "ev muted", "—")); return box; }
    if (cell.status === "listened") {
      var key = "web.dash.via." + cell.via;
      // A source this page does not know yet shows as it is recorded, not as a text key.
      var label = t(key) === key ? cell.via : t(key);
      box.appendChild(el("span", "ev listened", label));
      if (cell.timing === "makeup") { box.appendChild(el("span", "tag", t("web.dash.tag.makeup"))); }
      if (cell.timing === "late") { box.appendChild(el("span", "tag", t("web.dash.tag.late"))); }
    } else {
      box.appendChild(el("span", cell.status === "not_listened" ? "ev" : "ev muted",
        t("web.dash.status." + cell.status)));
    }
    if (cell.notes > 0 && cell.via !== "note") {
      box.appendChild(el("span", "tag", t("web.dash.tag.note")));
    }
    return box;
  }

  function renderMembers(board) {
    var table = $("member-table");
    $("members-title").textContent = t("web.dash.members");
    $("legend").textContent = t("web.dash.legend");
    clear(table);
    var empty = !board.lessons.length;
    $("members-empty").hidden = !empty;
    $("members-empty").textContent = t("web.dash.no_members");
    table.hidden = empty;
    if (empty) { return; }
    var head = el("tr");
    head.appendChild(el("th", "name", t("web.dash.name")));
    board.lessons.forEach(function (ls) {
      var th = el("th", "", weekday(ls.weekday) + " #" + ls.number);
      th.title = ls.title;
      head.appendChild(th);
    });
    head.appendChild(el("th", "", t("web.dash.total")));
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    board.members.forEach(function (m) {
      var row = el("tr");
      row.dataset.user = String(m.user_id);
      row.appendChild(el("td", "name", m.name));
      m.cells.forEach(function (cell) {
        var td = el("td", "cell");
        td.appendChild(evidence(cell));
        row.appendChild(td);
      });
      row.appendChild(el("td", "total", m.listened + "/" + m.expected));
      body.appendChild(row);
    });
    table.appendChild(body);
  }

  function renderNotes(board) {
    var list = $("note-list");
    $("notes-title").textContent = t("web.dash.latest_notes");
    clear(list);
    $("notes-empty").hidden = board.notes.length > 0;
    $("notes-empty").textContent = t("web.dash.no_notes");
    board.notes.forEach(function (n) {
      var item = el("li");
      var meta = n.name + " · #" + n.number + " · " + monthDay(n.day);
      if (n.featured) { meta += " · ⭐ " + t("web.dash.featured"); }
      item.appendChild(el("div", "note-meta", meta));
      item.appendChild(el("div", "note-text", n.text));
      list.appendChild(item);
    });
  }

  function renderLedger(board) {
    $("ledger-title").textContent = t("web.dash.ledger");
    $("ledger-hint").textContent = t("web.dash.ledger_hint");
    $("ledger-this").textContent = t("web.dash.send_month", { month: board.month });
    $("ledger-last").textContent = t("web.dash.send_month", { month: board.last_month });
    $("ledger-this").dataset.month = board.month;
    $("ledger-last").dataset.month = board.last_month;
    $("ledger-status").textContent = "";
  }

  function render(board) {
    state.board = board;
    state.group = String(board.group.id);
    document.title = t("web.dash.title") + " · " + board.group.title;
    $("title").textContent = t("web.dash.title") + " · " + board.group.title;
    var end = board.days[6].day;
    $("range").textContent = t("web.dash.week", { start: monthDay(board.start), end: monthDay(end) });
    $("status").hidden = true;
    renderGroups(board);
    renderFigures(board);
    renderChart(board);
    renderMembers(board);
    renderNotes(board);
    renderLedger(board);
    ["figures", "chart", "members", "notes", "ledger"].forEach(function (id) { $(id).hidden = false; });
    document.body.dataset.ready = "1";
  }

  function load() {
    var path = "/api/dashboard/week" + (state.group ? "?group=" + encodeURIComponent(state.group) : "");
    document.body.dataset.ready = "";
    return ML.api(path).then(function (answer) {
      if (answer.ok) { render(answer.data); return; }
      showOnly(answer.data.message || t("web.dash.failed"), true);
      document.body.dataset.ready = "refused";
    }).catch(function () {
      showOnly(t("web.dash.failed"), true);
      document.body.dataset.ready = "refused";
    });
  }

  function sendLedger(button) {
    var status = $("ledger-status");
    var buttons = [$("ledger-this"), $("ledger-last")];
    buttons.forEach(function (b) { b.disabled = true; });
    status.textContent = t("web.dash.sending");
    ML.api("/api/dashboard/ledger", { group: Number(state.group), month: button.dataset.month })
      .then(function (answer) {
        status.textContent = answer.data.message || t("web.dash.failed");
        status.dataset.sent = answer.ok ? "1" : "0";
      })
      .catch(function () { status.textContent = t("web.dash.failed"); status.dataset.sent = "0"; })
      .then(function () { buttons.forEach(function (b) { b.disabled = false; }); });
  }

  $("status").textContent = t("web.dash.loading");
  $("group").addEventListener("change", function (event) {
    state.group = event.target.value;
    var query = new URLSearchParams(location.search);
    query.set("group", state.group);
    history.replaceState(null, "", location.pathname + "?" + query.toString() + location.hash);
    load();
  });
  $("ledger-this").addEventListener("click", function () { sendLedger($("ledger-this")); });
  $("ledger-last").addEventListener("click", function () { sendLedger($("ledger-last")); });
  ML.ready();
  load();
})();
