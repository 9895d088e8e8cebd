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
      // htmx keeps the focus on an element whose id is also in the swapped-in content. When
      // that element is gone (a "Move up" button of what is now the first item), the focus
      // would fall back to the top of the page; move it to another button of the same item.
      var focusItem = null;
      document.body.addEventListener("htmx:beforeSwap", function () {
        var active = document.activeElement;
        var item = active && active.closest ? active.closest("li[id]") : null;
        focusItem = item ? item.id : null;
      });
      document.body.addEventListener("htmx:afterSwap", function () {
        var active = document.activeElement;
        if (focusItem && (!active || active === document.body)) {
          var item = document.getElementById(focusItem);
          var control = item && (
            item.querySelector(":scope > .row-actions button") ||
            item.querySelector(":scope > .row-actions a")
          );
          if (control) {
            control.focus();
          }
        }
        focusItem = null;
      });
      window.htmx.onLoad(function (element) {
        if (element !== document.body) {
          initDesignSystem(element);
        }
      });
    }
  });
})();
