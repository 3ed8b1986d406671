// storylens web UI: the only script. Polls an analysis job's JSON status.
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  function pollJob(box) {
    var url = box.getAttribute("data-status-url");
    function tick() {
      fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          byId("job-status").textContent = j.status;
          byId("job-phase").textContent = j.phase;
          var p = byId("job-progress");
          p.max = Math.max(1, j.total); p.value = j.done;
          byId("job-count").textContent = j.done + "/" + j.total;
          byId("job-summary").textContent = j.summary || "";
          byId("job-error").textContent = j.error || "";
          box.setAttribute("data-status", j.status);
          if (j.status === "done" || j.status === "failed") {
            byId("job-done").classList.remove("hidden");
          } else {
            setTimeout(tick, 500);
          }
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    var s = box.getAttribute("data-status");
    if (s !== "done" && s !== "failed") { tick(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = byId("job");
    if (box) { pollJob(box); }
  });
})();
