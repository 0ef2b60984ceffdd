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
})();
