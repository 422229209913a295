/* girok serve: reloads the page after each good build, and shows the
   problems of a failed one over the page (the last good site stays). */
(function () {
  "use strict";
  var version = null;
  var panel = null;

  function show(text) {
    if (!panel) {
      panel = document.createElement("div");
      panel.setAttribute("role", "alert");
      var s = panel.style;
      s.position = "fixed";
      s.left = "0";
      s.right = "0";
      s.bottom = "0";
      s.maxHeight = "60vh";
      s.overflow = "auto";
      s.margin = "0";
      s.padding = "1rem";
      s.background = "#2b0f0f";
      s.color = "#ffe9e9";
      s.borderTop = "4px solid #d33";
      s.zIndex = "2147483647";
      s.font = "14px/1.45 ui-monospace, monospace";
      s.whiteSpace = "pre-wrap";
      document.body.appendChild(panel);
    }
    panel.textContent = "girok: the last build failed; this is the last good version of the page.\n\n" + text;
  }

  function hide() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  function wait() {
    var url = "/__girok/wait" + (version === null ? "" : "?v=" + version);
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (version !== null && s.v !== version && s.ok) {
          window.location.reload();
          return;
        }
        version = s.v;
        if (s.ok) {
          hide();
        } else {
          show(s.message || "");
        }
        wait();
      })
      .catch(function () {
        window.setTimeout(wait, 1000);
      });
  }

  wait();
})();
