// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function initDesignSystem(scope) {
    if (window.DKFDS) {
      window.DKFDS.init(scope ? { scope: scope } : undefined);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initDesignSystem();
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
    if (window.htmx) {
      document.body.addEventListener("htmx:configRequest", function (event) {
        var token = document.querySelector('meta[name="csrf-token"]');
        if (token) {
          event.detail.headers["X-CSRFToken"] = token.content;
        }
      });
      window.htmx.onLoad(function (element) {
        if (element !== document.body) {
          initDesignSystem(element);
        }
      });
    }
  });
})();
