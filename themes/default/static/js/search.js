// Search over the static index written at build time (layout in
// docs/data.md, "Search index"). Works offline; no framework.
//
// Steps: read the manifest and the facet names; split the query into terms
// with search-tokens.js (the same rules the index was built with); fetch
// the one term shard each term falls in (a few for a prefix) and keep the
// documents that contain every term, scored by the field each term is in
// (a whole word counts twice a word's beginning); narrow them by the
// actor and tag in the URL (each a facet list from a facet shard); rank
// briefings, then actors, places and events, each by score and then
// newest first; fetch the metadata chunks of the results shown only, and
// for an event the title shard of its briefing, with the briefing's title,
// URL (an event's own is a #fragment of it) and tags (at most one small file a result, shared by the results from
// nearby briefings); count
// the actors and tags of those results over all the results, as filters.
// The query and filters live in the URL (/search/?q=words&actor=id&tag=slug),
// so a search can be shared. Index data only reaches the page through
// textContent.
(function () {
  "use strict";
  var T = window.dossierSearchTokens;
  var script = document.currentScript || document.querySelector("script[data-index]");
  var form = document.querySelector("[data-search-form]");
  var input = document.querySelector("[data-search-input]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var facetBox = document.querySelector("[data-search-facets]");
  var more = document.querySelector("[data-search-more]");
  if (!T || !script || !form || !input || !list || !window.fetch) return;

  var base = new URL(script.getAttribute("data-index"), location.href);
  // What the script says, in the page's language: the theme's strings
  // (`search.script.*`) as data-s-* attributes of this script element,
  // English where a theme of its own leaves one out.
  var WORDS = {
    loading: "Loading the search index\u2026", failed: "The search index could not be loaded.",
    prompt: "Type a word to search briefings, events and actors.", searching: "Searching\u2026",
    query: "\u201c{}\u201d", filters: "the filters", none: "No results for {q}.",
    one: "{n} result for {q}.", other: "{n} results for {q}.", otherBest: "{n} results for {q}, best first.",
    briefing: "Briefing", event: "Event", actor: "Actor", place: "Place", from: "From: {}",
    aliases: "Also known as: ", actors: "Actors: ", actorFilter: "Actors", tagFilter: "Tags"
  };
  Object.keys(WORDS).forEach(function (k) {
    var v = script.dataset["s" + k.charAt(0).toUpperCase() + k.slice(1)];
    if (v) WORDS[k] = v;
  });
  // `pattern` with `slot` replaced by `value`, taken as plain text (a
  // query may hold `$&`, which String.replace would expand).
  function fill(pattern, slot, value) {
    return pattern.replace(slot, function () { return value; });
  }
  var KIND = { b: WORDS.briefing, e: WORDS.event, a: WORDS.actor, p: WORDS.place };
  var PAGE = 20;
  // Facet values offered per kind, from the results shown.
  var OFFERED = 6;
  // Shards a prefix may read: a short, common prefix stays cheap.
  var PREFIX_SHARDS = 3;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

  var files = {};
  function get(rel) {
    if (!files[rel]) {
      files[rel] = fetch(new URL(rel, base)).then(function (r) {
        if (!r.ok) throw new Error(rel + ": " + r.status);
        return r.json();
      });
    }
    return files[rel];
  }

  var meta = null, labels = null, failed = false;
  var ready = Promise.all([get("meta.json"), get("labels.json")]).then(function (got) {
    if (got[0].version !== 6) throw new Error("index version");
    meta = got[0];
    labels = got[1];
  }).catch(function () { failed = true; });

  // A document list as written by the index builder: differences, or a
  // "first:base64" bitmap.
  function decode(v) {
    var out = [];
    if (Array.isArray(v)) {
      var id = 0;
      for (var i = 0; i < v.length; i++) { id += v[i]; out.push(id); }
    } else if (typeof v === "string") {
      var cut = v.indexOf(":"), first = +v.slice(0, cut), bits = atob(v.slice(cut + 1));
      for (var b = 0; b < bits.length; b++) {
        var byte = bits.charCodeAt(b);
        for (var k = 0; k < 8; k++) if (byte & (1 << k)) out.push(first + b * 8 + k);
      }
    }
    return out;
  }

  // The last position in `sorted` whose value is at most `x` (0 if none).
  function floorIndex(sorted, x) {
    var lo = 0, hi = sorted.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // Document id → score for one query term, over its shard(s).
  function termScores(term) {
    var first = floorIndex(meta.terms, term.text);
    var last = term.prefix ? floorIndex(meta.terms, term.text + "\uffff") : first;
    last = Math.min(last, first + PREFIX_SHARDS - 1);
    var shards = [];
    for (var n = first; n <= last; n++) shards.push(get("t/" + n + ".json"));
    return Promise.all(shards).then(function (got) {
      var scores = new Map();
      got.forEach(function (shard) {
        shard.t.forEach(function (t, i) {
          var exact = t === term.text;
          if (!exact && !(term.prefix && t.lastIndexOf(term.text, 0) === 0)) return;
          shard.p[i].forEach(function (l, f) {
            if (!l) return;
            var w = meta.weights[f] * (exact ? 2 : 1);
            decode(l).forEach(function (id) {
              if ((scores.get(id) || 0) < w) scores.set(id, w);
            });
          });
        });
      });
      return scores;
    });
  }

  // The documents of facet `f` (actors first, then tags), as a Set.
  function facetDocs(f) {
    var n = floorIndex(meta.facets, f);
    return get("f/" + n + ".json").then(function (shard) {
      return new Set(decode(shard.l[f - shard.s]));
    });
  }

  var kindStarts = null;
  function kindRank(id) {
    if (!kindStarts) kindStarts = meta.kinds.map(function (k) { return k[1]; });
    return floorIndex(kindStarts, id);
  }

  // A document's kind: where its number falls among the kinds' starts.
  function kindOf(id) {
    return meta.kinds[kindRank(id)][0];
  }

  // Document `id`'s metadata; for an event, `from` is its briefing's title,
  // read from the title shard the event's briefing number falls in, with
  // the briefing's URL before the event's #fragment and the briefing's
  // tags where the event has none of its own.
  function docAt(id) {
    return get("d/" + Math.floor(id / meta.chunk) + ".json").then(function (chunk) {
      var doc = chunk[id % meta.chunk];
      if (!doc || typeof doc.f !== "number") return doc;
      return get("b/" + Math.floor(doc.f / meta.titles) + ".json").then(function (shard) {
        var k = doc.f % meta.titles;
        doc.from = shard.t[k] || "";
        if (doc.u.charAt(0) === "#") doc.u = (shard.u[k] || "") + doc.u;
        if (!doc.g) doc.g = shard.g[k] || [];
        return doc;
      });
    });
  }

  // The facet number of the URL's filters, or -1 for a value not in the index.
  function filterFacets(filters) {
    var out = [];
    if (filters.actor) {
      out.push(labels.a.findIndex(function (a) { return a[0] === filters.actor; }));
    }
    if (filters.tag) {
      var g = labels.g.findIndex(function (t) { return t[0] === filters.tag; });
      out.push(g < 0 ? -1 : meta.actors + g);
    }
    return out;
  }

  // Every matching document id, ranked, after the filters.
  function search(terms, filters) {
    var facets = filterFacets(filters);
    var scored = Promise.all(terms.map(termScores)).then(function (all) {
      if (!all.length) return null;
      var hits = all[0];
      for (var i = 1; i < all.length; i++) {
        var next = new Map();
        hits.forEach(function (s, id) { if (all[i].has(id)) next.set(id, s + all[i].get(id)); });
        hits = next;
      }
      return hits;
    });
    var sets = Promise.all(facets.map(function (f) { return f < 0 ? new Set() : facetDocs(f); }));
    return Promise.all([scored, sets]).then(function (got) {
      var hits = got[0], ids = [];
      if (hits) hits.forEach(function (s, id) { ids.push(id); });
      else if (got[1].length) got[1][0].forEach(function (id) { ids.push(id); });
      got[1].forEach(function (set) { ids = ids.filter(function (id) { return set.has(id); }); });
      ids.sort(function (a, b) {
        return kindRank(a) - kindRank(b) || (hits ? hits.get(b) - hits.get(a) : 0) || a - b;
      });
      return ids;
    });
  }

  function isWordStart(text, at) {
    return at === 0 || !WORD_CHAR.test(text.charAt(at - 1));
  }

  // Where `term` next occurs in folded `text` from `from`: at the start of
  // a word (and ending one, unless it is a prefix), or anywhere for
  // scripts written without spaces.
  function find(text, term, from) {
    var anywhere = UNSPACED.test(term.text);
    for (var at = text.indexOf(term.text, from || 0); at >= 0; at = text.indexOf(term.text, at + 1)) {
      if (anywhere) return at;
      var end = at + term.text.length;
      if (isWordStart(text, at) && (term.prefix || isWordStart(text, end))) return at;
    }
    return -1;
  }

  // Ranges [start, end) of `text` that match a term, merged and sorted.
  function ranges(text, terms) {
    var folded = "", from = [], to = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var f = T.fold(ch);
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      folded += f;
      i += ch.length;
    }
    var out = [];
    terms.forEach(function (t) {
      for (var at = find(folded, t); at >= 0; at = find(folded, t, at + 1)) {
        out.push([from[at], to[at + t.text.length - 1]]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  // Appends `text` to `el` with the matching parts in <mark>.
  function appendMarked(el, text, terms) {
    var pos = 0;
    ranges(text, terms).forEach(function (r) {
      el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      pos = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function element(tag, className, parent) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (parent) parent.appendChild(el);
    return el;
  }

  function render(doc, kind, terms) {
    var li = element("li", "search-result kind-" + kind);
    var metaLine = element("p", "meta", li);
    element("span", "kind", metaLine).textContent = KIND[kind] || "";
    if (doc.d) metaLine.appendChild(document.createTextNode(" · " + doc.d));
    var a = element("a", null, element("h2", "result-title", li));
    a.href = doc.u;
    appendMarked(a, doc.t, terms);
    var context = doc.s || "";
    if (doc.from) context = (context ? context + " · " : "") + fill(WORDS.from, "{}", doc.from);
    if (context) appendMarked(element("p", "snippet", li), context, terms);
    var names = doc.n || (doc.a || []).map(function (i) { return labels.a[i] ? labels.a[i][1] : ""; });
    if (names.length) {
      var p = element("p", "names", li);
      p.appendChild(document.createTextNode(doc.n ? WORDS.aliases : WORDS.actors));
      appendMarked(p, names.join(", "), terms);
    }
    return li;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function params() {
    var u = new URLSearchParams(location.search);
    return { q: u.get("q") || "", actor: u.get("actor") || "", tag: u.get("tag") || "" };
  }

  function link(p) {
    var u = new URLSearchParams();
    if (p.q) u.set("q", p.q);
    if (p.actor) u.set("actor", p.actor);
    if (p.tag) u.set("tag", p.tag);
    var s = u.toString();
    return location.pathname + (s ? "?" + s : "");
  }

  // The facet lists: the actors and tags of the results shown (and the
  // active filters), each with how many of all the results carry it.
  function showFacets(p, ids, docs) {
    if (!facetBox) return Promise.resolve();
    var seen = { a: new Map(), g: new Map() };
    docs.forEach(function (d) {
      ["a", "g"].forEach(function (key) {
        (d[key] || []).forEach(function (i) { seen[key].set(i, (seen[key].get(i) || 0) + 1); });
      });
    });
    function offered(key, active) {
      var values = [];
      seen[key].forEach(function (n, i) { values.push([i, n]); });
      values.sort(function (x, y) { return y[1] - x[1] || x[0] - y[0]; });
      values = values.slice(0, OFFERED).map(function (v) { return v[0]; });
      var at = labels[key].findIndex(function (l) { return l[0] === active; });
      if (at >= 0 && values.indexOf(at) < 0) values.unshift(at);
      return values;
    }
    var groups = [["a", "actor", WORDS.actorFilter, offered("a", p.actor)], ["g", "tag", WORDS.tagFilter, offered("g", p.tag)]];
    var all = new Set(ids);
    return Promise.all(groups.map(function (g) {
      return Promise.all(g[3].map(function (i) {
        return facetDocs(g[0] === "a" ? i : meta.actors + i).then(function (set) {
          var n = 0;
          set.forEach(function (id) { if (all.has(id)) n++; });
          return [i, n];
        });
      }));
    })).then(function (counted) {
      facetBox.textContent = "";
      groups.forEach(function (g, k) {
        var values = counted[k].filter(function (v) { return v[1] > 0; });
        values.sort(function (x, y) { return y[1] - x[1] || x[0] - y[0]; });
        if (!values.length) return;
        var box = element("div", "search-facet", facetBox);
        element("h2", null, box).textContent = g[2];
        var ul = element("ul", null, box);
        values.forEach(function (v) {
          var id = labels[g[0]][v[0]][0], active = p[g[1]] === id;
          var q = { q: p.q, actor: p.actor, tag: p.tag };
          q[g[1]] = active ? "" : id;
          var li = element("li", active ? "active" : null, ul);
          var a = element("a", null, li);
          a.href = link(q);
          a.setAttribute("data-facet", g[1] + ":" + id);
          if (active) a.setAttribute("aria-current", "true");
          element("span", "facet-name", a).textContent = labels[g[0]][v[0]][1];
          element("span", "facet-count", a).textContent = String(v[1]);
        });
      });
    });
  }

  var current = 0;
  function run(p) {
    var ticket = ++current;
    ready.then(function () {
      if (ticket !== current) return;
      list.textContent = "";
      if (facetBox) facetBox.textContent = "";
      if (more) more.hidden = true;
      if (failed) { say(WORDS.failed); return; }
      var terms = T.queryTerms(p.q);
      if (!terms.length && !p.actor && !p.tag) { say(WORDS.prompt); return; }
      say(WORDS.searching);
      search(terms, p).then(function (ids) {
        if (ticket !== current) return;
        var shown = 0;
        function page() {
          var slice = ids.slice(shown, shown + PAGE);
          shown += slice.length;
          return Promise.all(slice.map(docAt)).then(function (docs) {
            if (ticket !== current) return docs;
            docs.forEach(function (d, i) { if (d) list.appendChild(render(d, kindOf(slice[i]), terms)); });
            if (more) more.hidden = shown >= ids.length;
            return docs;
          });
        }
        var n = ids.length;
        var what = p.q.trim() ? fill(WORDS.query, "{}", p.q.trim()) : WORDS.filters;
        var form = n === 0 ? WORDS.none : n === 1 ? WORDS.one : n > PAGE ? WORDS.otherBest : WORDS.other;
        var text = fill(fill(form, "{n}", String(n)), "{q}", what);
        if (more) more.onclick = function () { page(); };
        return page().then(function (docs) {
          if (ticket !== current) return;
          say(text);
          return showFacets(p, ids, docs.filter(Boolean));
        });
      }).catch(function () {
        if (ticket === current) say(WORDS.failed);
      });
    });
  }

  function keepInUrl(q) {
    var p = params();
    p.q = q;
    history.replaceState(null, "", link(p) + location.hash);
    return p;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    run(keepInUrl(input.value.trim()));
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(keepInUrl(input.value.trim())); }, 200);
  });

  var initial = params();
  input.value = initial.q;
  say(WORDS.loading);
  run(initial);
})();
