// Backupchecks UI glue. Kept tiny: htmx does the work; this file only adds
// what htmx cannot express as attributes. Loaded with `defer` under a CSP
// that forbids inline script.
(function () {
  "use strict";

  // A 403 from a stale CSRF token or an ended session: the server answers
  // with HX-Refresh, but a plain 401/403 without it still deserves a reload
  // rather than silently doing nothing.
  document.addEventListener("htmx:responseError", function (e) {
    var s = e.detail.xhr.status;
    if (s === 401) { window.location.reload(); }
  });

  // Confirmation for dangerous buttons: <button data-confirm="Delete?">.
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Flash messages fade out after a while; errors stay until dismissed.
  function dismissLater(root) {
    root.querySelectorAll(".flash.success").forEach(function (el) {
      setTimeout(function () { el.classList.add("fade"); }, 6000);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { dismissLater(document); });
  document.addEventListener("htmx:afterSettle", function (e) { dismissLater(e.target); });
  document.addEventListener("click", function (e) {
    var btn = e.target.closest(".flash .close");
    if (btn) { btn.closest(".flash").remove(); }
  });

  // Run Checks keyboard: j/k move, x select, r review, u undo, o/Enter open,
  // Esc close, ? help. The "current" row is remembered by run ID so it
  // survives the queue being re-rendered by a poll or a bulk action.
  var current = null; // run ID of the highlighted row
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue tr.qrow")); }
  function highlight(id, scroll) {
    rows().forEach(function (tr) { tr.classList.toggle("current", tr.dataset.run === id); });
    current = id;
    var tr = id && document.getElementById("run-" + id);
    if (tr && scroll) { tr.scrollIntoView({ block: "nearest" }); }
  }
  function move(step) {
    var list = rows();
    if (!list.length) { return; }
    var i = list.findIndex(function (tr) { return tr.dataset.run === current; });
    i = i < 0 ? 0 : Math.max(0, Math.min(list.length - 1, i + step));
    highlight(list[i].dataset.run, true);
  }
  function currentRow() { return current && document.getElementById("run-" + current); }
  function click(el) { if (el && !el.disabled) { el.click(); return true; } return false; }
  function updateSelected() {
    var btn = document.querySelector("[data-review-selected]");
    if (!btn) { return; }
    var n = document.querySelectorAll("#queue input[name=run]:checked").length;
    btn.disabled = n === 0;
    btn.textContent = n ? "Mark " + n + " selected reviewed" : "Mark selected reviewed";
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches("#queue input[name=run]")) { updateSelected(); }
  });
  document.addEventListener("click", function (e) {
    var tr = e.target.closest("#queue tr.qrow");
    if (tr) { highlight(tr.dataset.run, false); }
    if (e.target.closest("[data-close-panel]")) { document.getElementById("panel").innerHTML = ""; }
    if (e.target.closest("[data-show-keys]")) { document.getElementById("keys").showModal(); }
    if (e.target.closest("[data-close-dialog]")) { e.target.closest("dialog").close(); }
  });
  // Shortcuts belong to the queue: they act only while focus rests on the
  // page itself or on the queue's rows, never while anything else holds it
  // (a panel's form and its buttons, a field, an open dialog), nor with a
  // modifier key, so an operator typing a remark can never review or ticket.
  function forQueue(e) {
    if (!document.getElementById("queue") || e.ctrlKey || e.metaKey || e.altKey) { return false; }
    if (document.querySelector("dialog[open]")) { return false; } // a dialog handles its own keys
    var t = e.target;
    if (t.closest("input:not([type=checkbox]), select, textarea, [contenteditable], dialog")) { return false; }
    return t === document.body || t === document.documentElement || !!t.closest("#queue");
  }
  document.addEventListener("keydown", function (e) {
    if (!forQueue(e)) { return; }
    if (e.key === "Enter" && e.target !== document.body) { return; } // a focused button or link keeps its Enter
    var keys = document.getElementById("keys");
    var row = currentRow();
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "x":
        var box = row && row.querySelector("input[name=run]");
        if (box) { box.checked = !box.checked; updateSelected(); }
        break;
      case "r":
        if (document.querySelectorAll("#queue input[name=run]:checked").length) {
          click(document.querySelector("[data-review-selected]"));
        } else if (row && click(row.querySelector("[data-action=review]"))) {
          move(1);
        }
        break;
      case "u": click(row && row.querySelector("[data-action=undo]")); break;
      case "t": confirmTicket(row); break;
      case "o": case "Enter": click(row && row.querySelector("[data-action=open]")); break;
      case "Escape": document.getElementById("panel").innerHTML = ""; break;
      case "?": keys.showModal(); break;
      default: return;
    }
    e.preventDefault();
  });
  // t never creates a ticket by itself: it asks, naming the customer, job
  // and status. Enter (the focused Create button) creates, Esc cancels.
  var ticketRun = null;
  function confirmTicket(row) {
    var btn = row && row.querySelector("[data-action=ticket]");
    var dlg = document.getElementById("ticket-confirm");
    if (!btn || btn.disabled || !dlg) { return; }
    var cust = row.closest("[data-customer]"), job = row.closest("[data-job]");
    dlg.querySelector("[data-ticket-question]").textContent = "Create an Autotask ticket for " +
      (cust ? cust.dataset.customer : "this customer") + " — " + (job ? job.dataset.job : "this job") +
      ", " + row.dataset.status + "?";
    ticketRun = row.dataset.run;
    dlg.returnValue = "";
    dlg.showModal();
    dlg.querySelector("[value=create]").focus();
  }
  document.addEventListener("close", function (e) {
    if (e.target.id !== "ticket-confirm") { return; }
    var row = ticketRun && document.getElementById("run-" + ticketRun);
    ticketRun = null;
    if (e.target.returnValue === "create") { click(row && row.querySelector("[data-action=ticket]")); }
  }, true);

  // A row just reviewed offers Undo for a few seconds, counting down; then
  // the button goes and the row says only who reviewed it.
  function undoCountdown(root) {
    root.querySelectorAll("[data-undo-seconds]:not([data-counting])").forEach(function (btn) {
      var left = parseInt(btn.dataset.undoSeconds, 10);
      btn.dataset.counting = "1";
      var tick = function () {
        if (!btn.isConnected) { clearInterval(timer); return; }
        if (left <= 0) { clearInterval(timer); btn.remove(); return; }
        btn.textContent = "Undo (" + left + " s)";
        left--;
      };
      var timer = setInterval(tick, 1000);
      tick();
    });
  }
  document.addEventListener("htmx:afterSettle", function () { undoCountdown(document); });

  // The poll tells the server which runs the page shows and which are not
  // yet marked done; it answers what changed without moving a row.
  document.addEventListener("htmx:configRequest", function (e) {
    if (!e.detail.elt.hasAttribute || !e.detail.elt.hasAttribute("data-queue-poll")) { return; }
    var ids = function (sel) { return rows().filter(function (tr) { return tr.matches(sel); }).map(function (tr) { return tr.dataset.run; }).join(","); };
    e.detail.parameters.seen = ids("*");
    e.detail.parameters.open = ids(":not(.done)");
  });

  // A re-rendered queue (poll or bulk action) keeps the ticked boxes and the
  // highlighted row, so new runs arriving never cost the operator their place.
  var ticked = [];
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "queue") {
      ticked = Array.prototype.map.call(document.querySelectorAll("#queue input[name=run]:checked"), function (b) { return b.value; });
    }
  });
  // Ticks come back at once; the highlight after htmx's settle, which
  // re-applies the new rows' own class attributes.
  document.addEventListener("htmx:afterSwap", function () {
    if (!document.getElementById("queue")) { return; }
    ticked.forEach(function (id) {
      var box = document.querySelector("#queue input[name=run][value='" + id + "']");
      if (box) { box.checked = true; }
    });
    ticked = [];
    updateSelected();
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!document.getElementById("queue")) { return; }
    if (current && !document.getElementById("run-" + current)) { current = null; }
    highlight(current, false);
  });
})();
