// Timeline filters: ?actor=<id>&tag=<slug>, several values narrow the view.
// The page is complete without this script; it only hides non-matching events.
(function () {
  "use strict";
  var form = document.querySelector("[data-timeline-filter]");
  var root = document.querySelector("[data-timeline]");
  if (!form || !root) return;
  var status = form.querySelector("[data-filter-status]");
  var clear = form.querySelector("[data-filter-clear]");
  var actorSelect = form.querySelector("select[name=actor]");
  var tagSelect = form.querySelector("select[name=tag]");

  function words(el, attr) {
    return (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
  }
  function apply(params) {
    var actors = params.getAll("actor").filter(Boolean);
    var tags = params.getAll("tag").filter(Boolean);
    var shown = 0;
    root.querySelectorAll("li.event").forEach(function (li) {
      var a = words(li, "data-actors"), t = words(li, "data-tags");
      var ok = actors.every(function (x) { return a.indexOf(x) >= 0; }) &&
               tags.every(function (x) { return t.indexOf(x) >= 0; });
      li.hidden = !ok;
      if (ok) shown++;
    });
    root.querySelectorAll("section.month, section.year").forEach(function (sec) {
      sec.hidden = !sec.querySelector("li.event:not([hidden])");
    });
    var filtered = actors.length + tags.length > 0;
    if (clear) clear.hidden = !filtered;
    if (status) {
      status.textContent = filtered ? shown + " event" + (shown === 1 ? "" : "s") + " match" + (shown === 1 ? "es" : "") + " " + describe(actors, tags) + "." : "";
    }
    if (actorSelect) actorSelect.value = actors[actors.length - 1] || "";
    if (tagSelect) tagSelect.value = tags[tags.length - 1] || "";
  }
  function label(select, value) {
    var o = select && Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    return o ? o.textContent.replace(/\s*\(\d+\)$/, "") : value;
  }
  function describe(actors, tags) {
    var parts = actors.map(function (a) { return label(actorSelect, a); })
      .concat(tags.map(function (t) { return "#" + label(tagSelect, t); }));
    return parts.join(" and ");
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var params = new URLSearchParams(location.search);
    params.delete("actor"); params.delete("tag");
    if (actorSelect.value) params.append("actor", actorSelect.value);
    if (tagSelect.value) params.append("tag", tagSelect.value);
    var q = params.toString();
    history.pushState(null, "", location.pathname + (q ? "?" + q : ""));
    apply(params);
  });
  if (clear) clear.addEventListener("click", function (ev) {
    ev.preventDefault();
    history.pushState(null, "", location.pathname);
    apply(new URLSearchParams(""));
  });
  window.addEventListener("popstate", function () { apply(new URLSearchParams(location.search)); });
  apply(new URLSearchParams(location.search));
})();
