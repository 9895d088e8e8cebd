// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // Once for the page. Swapped-in content (search results, reordered lists) holds no
    // component that needs it, and DKFDS.init would build the header's menu again each time.
    if (window.DKFDS) {
      window.DKFDS.init();
    }
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
    }
  });
})();
