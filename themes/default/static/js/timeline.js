// Timeline filters: ?actor=<id>&tag=<slug>, several values narrow the view.
// The page is complete without this script. With a filter in the URL it
// hides the events of this page that do not match and counts the matches of
// every year from /timeline/events.json (one record per event), so that the
// counts cover all years however the timeline is split into pages. When
// /timeline/ shows only its latest year, the matches of every year are
// listed from that file in place of the page's own list.
(function () {
  "use strict";
  var form = document.querySelector("[data-timeline-filter]");
  var root = document.querySelector("[data-timeline]");
  if (!form || !root) return;
  // What the script says, in the page's language: the theme's strings
  // (`timeline.script.*`, `count.event`, `timeline.undated`) as data-t-*
  // attributes of the form, English where a theme of its own leaves one out.
  // {} is a number, {what} the filter, {scope} a year, {all} a count.
  var WORDS = {
    finding: "Finding events {what}\u2026", and: " and ",
    failed: "The filter could not load its index of events; every event of this page is shown.",
    matchesOne: "{} event matches {what}.", matchesOther: "{} events match {what}.",
    everyYearOne: "{} event matches {what}, in every year.", everyYearOther: "{} events match {what}, in every year.",
    inOne: "{} event matches {what} in {scope} ({all} in all years).",
    inOther: "{} events match {what} in {scope} ({all} in all years).",
    eventOne: "{} event", eventOther: "{} events", undated: "{}, date within the year not known"
  };
  Object.keys(WORDS).forEach(function (k) {
    var v = form.dataset["t" + k.charAt(0).toUpperCase() + k.slice(1)];
    if (v) WORDS[k] = v;
  });
  // `pattern` with its slots filled from `values` ({} is `values[""]`),
  // each value taken as plain text (a name may hold `$&`).
  function say(pattern, values) {
    return pattern.replace(/\{(\w*)\}/g, function (slot, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : slot;
    });
  }
  // The form of `key` (`matches`, `event`…) for `n`, filled.
  function count(key, n, values) {
    values = values || {};
    values[""] = n;
    return say(WORDS[key + (n === 1 ? "One" : "Other")], values);
  }
  var status = form.querySelector("[data-filter-status]");
  var clear = form.querySelector("[data-filter-clear]");
  var actorSelect = form.querySelector("select[name=actor]");
  var tagSelect = form.querySelector("select[name=tag]");
  // On a page that lists only part of what it covers (a split /timeline/,
  // or a year whose months have pages of their own), the matches are listed
  // from the index: of every year, or of the year in `data-partial`.
  var partial = root.hasAttribute("data-partial");
  var partialYear = Number(root.getAttribute("data-partial")) || null;
  var scope = root.getAttribute("data-scope");
  var index = null;
  var choices = null;
  var results = null;
  var run = 0;

  function load() {
    if (!index) {
      index = fetch(root.getAttribute("data-index")).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(expand);
    }
    return index;
  }
  // The index says each value once (see src/formats/filter.rs): events as
  // [briefing, id, year, month, when, title, actors, other briefings], by
  // their place in its lists of briefings, actors and tags. Spelled out
  // here into one record per event with its key, link, actor ids and tag
  // slugs (its briefing's, and those of the others that report it).
  function expand(d) {
    var actors = {};
    d.actors.forEach(function (a) { actors[a[0]] = { name: a[1], url: a[2] }; });
    var events = d.events.map(function (r) {
      var b = d.briefings[r[0]];
      var tags = b[2].slice();
      (r[7] || []).forEach(function (o) {
        d.briefings[o][2].forEach(function (t) { if (tags.indexOf(t) < 0) tags.push(t); });
      });
      return {
        key: b[0] + "--" + r[1], year: r[2], month: r[3], when: r[4], title: r[5],
        url: b[1] + "#event-" + r[1],
        actors: r[6].map(function (i) { return d.actors[i][0]; }),
        tags: tags.map(function (i) { return d.tags[i]; })
      };
    });
    return { order: d.order, events: events, actors: actors };
  }
  // The actor and tag choices, from a small file rather than an <option>
  // per actor on every page; "Name (count)", as the page printed them.
  function loadChoices() {
    if (!choices) {
      var url = form.getAttribute("data-choices");
      choices = (url ? fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }) : Promise.reject(new Error("no choices"))).then(function (c) {
        fill(actorSelect, c.actors);
        fill(tagSelect, c.tags);
      }, function () {});
    }
    return choices;
  }
  function fill(select, list) {
    if (!select || !list) return;
    list.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.id;
      o.textContent = c.name + " (" + c.count + ")";
      select.appendChild(o);
    });
  }
  // The index's records by event key: a page's events carry only their
  // key (the element id), the index says their actors and tags.
  var byKey = null;
  function keyed(data) {
    if (!byKey) {
      byKey = {};
      data.events.forEach(function (e) { byKey[e.key] = e; });
    }
    return byKey;
  }
  function matches(actorsOf, tagsOf, actors, tags) {
    return actors.every(function (x) { return actorsOf.indexOf(x) >= 0; }) &&
      tags.every(function (x) { return tagsOf.indexOf(x) >= 0; });
  }
  // Sets an element's text, keeping what the page said in `data-all` so that
  // clearing the filter restores it.
  function setText(el, text) {
    if (!el.hasAttribute("data-all")) el.setAttribute("data-all", el.textContent);
    el.textContent = text === null ? el.getAttribute("data-all") : text;
  }

  // Hides the events of this page that do not match (all are shown when
  // there is no index, that is no filter), and the years and months left
  // empty; returns the number shown.
  function filterPage(actors, tags, data) {
    var shown = 0;
    var records = data ? keyed(data) : null;
    root.querySelectorAll(".lines > li").forEach(function (li) {
      var e = records && records[li.id];
      var ok = !records || (!!e && matches(e.actors, e.tags, actors, tags));
      li.hidden = !ok;
      if (ok) shown++;
    });
    root.querySelectorAll("section.month").forEach(function (sec) {
      sec.hidden = !sec.querySelector(".lines > li:not([hidden])");
    });
    root.querySelectorAll("section.year").forEach(function (sec) {
      var n = sec.querySelectorAll(".lines > li:not([hidden])").length;
      sec.hidden = n === 0;
      var head = sec.querySelector(".year-head .count");
      if (head) setText(head, actors.length + tags.length ? count("event", n) : null);
    });
    return shown;
  }

  // The matching events of every year, grouped as the page groups them.
  function listAll(data, found) {
    if (data.order === "descending") found = found.slice().reverse();
    var lang = document.documentElement.lang || "en";
    var out = document.createElement("div");
    out.setAttribute("data-filter-results", "");
    var year = null, month, list;
    found.forEach(function (e) {
      if (!year || year.year !== e.year) {
        year = el("section", "year");
        year.year = e.year;
        var h = el("h2", "year-head", String(e.year) + " ");
        h.appendChild(el("span", "count", count("event", yearCount(found, e.year))));
        year.appendChild(h);
        out.appendChild(year);
        month = undefined;
      }
      if (month !== e.month) {
        month = e.month;
        var sec = el("section", "month");
        var label = e.month ? new Date(Date.UTC(e.year, e.month - 1, 1)).toLocaleString(lang, { month: "long", year: "numeric", timeZone: "UTC" }) : say(WORDS.undated, { "": e.year });
        sec.appendChild(el("h3", "month-head", label));
        list = el("ol", "events chronology lines");
        sec.appendChild(list);
        year.appendChild(sec);
      }
      list.appendChild(item(data, e));
    });
    return out;
  }
  function yearCount(found, y) {
    return found.filter(function (e) { return e.year === y; }).length;
  }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  // One matching event of another page, as a line like the page's own.
  function item(data, e) {
    var li = el("li");
    li.id = e.key;
    li.appendChild(el("time", null, e.when));
    li.appendChild(document.createTextNode(" "));
    var a = el("a", null, e.title);
    a.href = e.url;
    li.appendChild(a);
    if (e.actors.length) {
      li.appendChild(document.createTextNode(" "));
      var who = el("span");
      e.actors.forEach(function (id, i) {
        var actor = data.actors[id] || { name: id, url: "#" };
        if (i) who.appendChild(document.createTextNode(", "));
        var link = el("a", null, actor.name);
        link.href = actor.url;
        who.appendChild(link);
      });
      li.appendChild(who);
    }
    return li;
  }

  // The year links keep the filter, and count its matches in each year.
  function yearLinks(query, counts) {
    document.querySelectorAll("nav.years:not(.months) a").forEach(function (a) {
      var url = new URL(a.href, location.href);
      url.search = query;
      a.href = url.pathname + url.search;
    });
    document.querySelectorAll("[data-year-count]").forEach(function (c) {
      setText(c, counts ? String(counts[c.getAttribute("data-year-count")] || 0) : null);
    });
  }

  function apply(params) {
    loadChoices().then(function () { show(params); });
  }
  function show(params) {
    var actors = params.getAll("actor").filter(Boolean);
    var tags = params.getAll("tag").filter(Boolean);
    var filtered = actors.length + tags.length > 0;
    var mine = ++run;
    if (clear) clear.hidden = !filtered;
    if (actorSelect) actorSelect.value = actors[actors.length - 1] || "";
    if (tagSelect) tagSelect.value = tags[tags.length - 1] || "";
    if (results) { results.remove(); results = null; }
    root.hidden = false;
    var query = filtered ? params.toString() : "";
    if (!filtered) {
      filterPage([], [], null);
      yearLinks("", null);
      if (status) status.textContent = "";
      root.setAttribute("data-filter-ready", "");
      return;
    }
    root.removeAttribute("data-filter-ready");
    var what = describe(actors, tags);
    if (status) status.textContent = say(WORDS.finding, { what: what });
    load().then(function (data) {
      if (mine !== run) return;
      var shown = filterPage(actors, tags, data);
      var found = data.events.filter(function (e) { return matches(e.actors, e.tags, actors, tags); });
      var counts = {};
      found.forEach(function (e) { counts[e.year] = (counts[e.year] || 0) + 1; });
      yearLinks(query, counts);
      if (partial) {
        var inScope = partialYear ? found.filter(function (e) { return e.year === partialYear; }) : found;
        results = listAll(data, inScope);
        root.hidden = true;
        root.parentNode.insertBefore(results, root.nextSibling);
        if (status) status.textContent = partialYear ?
          count("in", inScope.length, { what: what, scope: partialYear, all: count("event", found.length) }) :
          count("everyYear", found.length, { what: what });
      } else if (scope) {
        if (status) status.textContent = count("in", shown, { what: what, scope: scope, all: count("event", found.length) });
      } else if (status) {
        status.textContent = count("matches", found.length, { what: what });
      }
      root.setAttribute("data-filter-ready", "");
    }, function () {
      if (mine !== run) return;
      if (status) status.textContent = WORDS.failed;
      root.setAttribute("data-filter-ready", "");
    });
  }
  function label(select, value) {
    var o = select && Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    return o ? o.textContent.replace(/\s*\(\d+\)$/, "") : value;
  }
  function describe(actors, tags) {
    var parts = actors.map(function (a) { return label(actorSelect, a); })
      .concat(tags.map(function (t) { return "#" + label(tagSelect, t); }));
    return parts.join(WORDS.and);
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
