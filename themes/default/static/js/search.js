// Search over the static index written at build time (search-index.json,
// format in docs/data.md). Works offline; no framework.
//
// Steps: load the index (and, when the build split it, the body shards the
// first time a query needs full text); fold text for matching (Unicode
// NFKD, accents dropped, NFC, lower case); split the query into terms (words in
// any script; runs of Han, kana, Hangul, Thai and similar scripts, which
// are written without spaces, become character bigrams); keep the documents
// that contain every term (at the start of a word, or anywhere in unspaced
// scripts); rank title and actor-name matches above body
// text; show each result with a snippet whose matching words are marked.
// The query lives in the URL (/search/?q=words), so a search can be shared.
// Index data only ever reaches the page through textContent.
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-index]");
  var form = document.querySelector("[data-search-form]");
  var input = document.querySelector("[data-search-input]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  if (!script || !form || !input || !list || !window.fetch) return;

  var indexUrl = new URL(script.getAttribute("data-index"), location.href);
  var KIND = { b: "Briefing", e: "Event", a: "Actor", p: "Place" };
  // Field weights: title, names, tags, summary or context, date, body.
  var FIELDS = [["t", 12], ["n", 8], ["g", 5], ["s", 3], ["d", 2], ["x", 1]];
  var SHOWN = 50;

  function regex(unicode, fallback) {
    try { return new RegExp(unicode, "gu"); } catch (e) { return new RegExp(fallback, "g"); }
  }
  var MARKS = regex("\\p{M}", "[\\u0300-\\u036f]");
  var WORD = regex("[\\p{L}\\p{N}]+", "[^\\s!-/:-@\\[-`{-~\\u00a0-\\u00bf\\u2000-\\u206f\\u3000-\\u303f]+");
  var UNSPACED = regex(
    "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}]+",
    "[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\u0e00-\\u0eff\\u1000-\\u109f\\u1780-\\u17ff]+"
  );
  var WORD_CHAR = new RegExp("^" + WORD.source.replace(/\+$/, "") + "$", WORD.flags.replace("g", ""));
  var IS_UNSPACED = new RegExp(UNSPACED.source, UNSPACED.flags.replace("g", ""));

  // Decompose, drop accents, recompose (so Hangul syllables stay one
  // character each), lower-case.
  function fold(s) {
    return s.normalize("NFKD").replace(MARKS, "").normalize("NFC").toLowerCase();
  }

  // The terms of a query: words, with unspaced scripts as bigrams.
  function terms(query) {
    var out = [];
    function add(t) { if (t && out.indexOf(t) < 0) out.push(t); }
    (fold(query).match(WORD) || []).forEach(function (word) {
      var last = 0;
      word.replace(UNSPACED, function (run, at) {
        add(word.slice(last, at));
        var chars = Array.from(run);
        if (chars.length <= 2) add(run);
        for (var i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1]);
        last = at + run.length;
        return run;
      });
      add(word.slice(last));
    });
    return out;
  }

  var docs = null;
  var shardUrls = [];
  var shardsReady = null;
  var failed = false;

  function prepare(doc) {
    doc.f = {};
    FIELDS.forEach(function (f) { doc.f[f[0]] = fold(doc[f[0]] || ""); });
    return doc;
  }

  var indexReady = fetch(indexUrl).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (index) {
    docs = (index.docs || []).map(prepare);
    shardUrls = (index.shards || []).map(function (s) { return new URL(s, indexUrl); });
  }).catch(function () {
    failed = true;
  });

  // Loads every body shard once; resolves when all bodies are in.
  function loadShards() {
    if (!shardsReady) {
      shardsReady = Promise.all(shardUrls.map(function (u) {
        return fetch(u).then(function (r) { return r.json(); }).then(function (shard) {
          (shard.bodies || []).forEach(function (body, i) {
            var doc = docs[shard.start + i];
            if (doc) { doc.x = body; doc.f.x = fold(body); }
          });
        });
      })).catch(function () { failed = true; });
    }
    return shardsReady;
  }

  function isWordStart(text, at) {
    return at === 0 || !WORD_CHAR.test(text.charAt(at - 1));
  }

  // Where `term` next occurs in `text` from `from`: at the start of a word
  // (so `port` finds `ports` but not `export`), or anywhere for scripts
  // written without spaces.
  function find(text, term, from) {
    var anywhere = IS_UNSPACED.test(term);
    for (var at = text.indexOf(term, from || 0); at >= 0; at = text.indexOf(term, at + 1)) {
      if (anywhere || isWordStart(text, at)) return at;
    }
    return -1;
  }

  function score(doc, ts, phrase) {
    var total = 0;
    for (var i = 0; i < ts.length; i++) {
      var best = 0;
      for (var j = 0; j < FIELDS.length; j++) {
        var text = doc.f[FIELDS[j][0]];
        var at = find(text, ts[i]);
        if (at < 0) continue;
        // A whole word counts more than a word's beginning.
        var s = FIELDS[j][1] * (isWordStart(text, at + ts[i].length) ? 2 : 1);
        if (FIELDS[j][0] === "x") {
          var count = 0;
          while (at >= 0 && count < 5) { count++; at = find(text, ts[i], at + 1); }
          s += count - 1;
        }
        if (s > best) best = s;
      }
      if (!best) return 0;
      total += best;
    }
    if (doc.f.t === phrase) total += 40;
    else if (ts.length > 1 && doc.f.t.indexOf(phrase) >= 0) total += 15;
    return total;
  }

  function search(query) {
    var ts = terms(query);
    var phrase = (fold(query).match(WORD) || []).join(" ");
    var hits = [];
    docs.forEach(function (doc, i) {
      var s = ts.length ? score(doc, ts, phrase) : 0;
      if (s) hits.push({ doc: doc, score: s, order: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return { terms: ts, hits: hits };
  }

  // Folds `text` character by character, remembering where each folded
  // unit came from, so matches found in folded text can be marked in the
  // original.
  function foldMap(text) {
    var folded = "", from = [], to = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      folded += f;
      i += ch.length;
    }
    return { folded: folded, from: from, to: to };
  }

  // Ranges [start, end) of `text` that match a term, merged and sorted.
  function ranges(text, ts) {
    var m = foldMap(text), out = [];
    ts.forEach(function (t) {
      for (var at = find(m.folded, t); at >= 0; at = find(m.folded, t, at + 1)) {
        out.push([m.from[at], m.to[at + t.length - 1]]);
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
  function appendMarked(el, text, rs) {
    var pos = 0;
    rs.forEach(function (r) {
      if (r[0] < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      pos = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  // About `width` characters of `text` around its first match.
  function snippet(text, ts, width) {
    var folded = fold(text), first = -1;
    ts.forEach(function (t) {
      var at = find(folded, t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    if (first < 0) return null;
    // Folding only lengthens text, so the match is at or before `first`.
    var lo = Math.max(0, first - 2 * width), part = text.slice(lo, first + width);
    var rs = ranges(part, ts);
    if (!rs.length) return null;
    var start = Math.max(0, rs[0][0] - Math.floor(width / 3));
    var space = part.lastIndexOf(" ", start);
    if (start > 0 && space > start - 20) start = space + 1;
    var end = Math.min(part.length, start + width);
    var cut = part.indexOf(" ", end);
    if (end < part.length && cut >= 0 && cut < end + 20) end = cut;
    var shown = part.slice(start, end);
    var within = rs.filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] - start, r[1] - start]; });
    return {
      text: shown,
      ranges: within,
      before: lo + start > 0,
      after: lo + end < text.length
    };
  }

  function element(tag, className, parent) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (parent) parent.appendChild(el);
    return el;
  }

  function render(doc, ts) {
    var li = element("li", "search-result kind-" + doc.k);
    var meta = element("p", "meta", li);
    element("span", "kind", meta).textContent = KIND[doc.k] || "";
    if (doc.d) meta.appendChild(document.createTextNode(" · " + doc.d));
    var h = element("h2", "result-title", li);
    var a = element("a", null, h);
    a.href = doc.u;
    appendMarked(a, doc.t, ranges(doc.t, ts));
    var snip = null;
    if (doc.x) snip = snippet(doc.x, ts, 180);
    var context = doc.s;
    var from = doc.k === "e" && docs[doc.b];
    if (from) context = (context ? context + " · " : "") + "From: " + from.t;
    if (!snip && context) snip = { text: context, ranges: ranges(context, ts), before: false, after: false };
    if (snip) {
      var p = element("p", "snippet", li);
      appendMarked(p, (snip.before ? "…" : "") + snip.text + (snip.after ? "…" : ""),
        snip.ranges.map(function (r) { return snip.before ? [r[0] + 1, r[1] + 1] : r; }));
    }
    if (doc.n) {
      var names = element("p", "names", li);
      names.appendChild(document.createTextNode(doc.k === "a" || doc.k === "p" ? "Also known as: " : "Actors: "));
      appendMarked(names, doc.n, ranges(doc.n, ts));
    }
    return li;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function show(query, pending) {
    list.textContent = "";
    if (failed) { say("The search index could not be loaded."); return; }
    var result = search(query);
    if (!result.terms.length) { say("Type a word to search briefings, events and actors."); return; }
    var n = result.hits.length;
    var quoted = "\u201c" + query.trim() + "\u201d";
    var text = n === 0 ? "No results for " + quoted + "."
      : (n > SHOWN ? "Showing " + SHOWN + " of " + n : n) + " result" + (n === 1 ? "" : "s") + " for " + quoted + ".";
    say(pending ? text + " Searching the full text…" : text);
    result.hits.slice(0, SHOWN).forEach(function (hit) { list.appendChild(render(hit.doc, result.terms)); });
  }

  var current = 0;
  function run(query) {
    var ticket = ++current;
    indexReady.then(function () {
      if (ticket !== current) return;
      var needBodies = shardUrls.length > 0 && terms(query).length > 0;
      show(query, needBodies && !shardsReady);
      if (needBodies) {
        loadShards().then(function () { if (ticket === current) show(query, false); });
      }
    });
  }

  function keepInUrl(query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    keepInUrl(input.value.trim());
    run(input.value);
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      keepInUrl(input.value.trim());
      run(input.value);
    }, 200);
  });

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  say("Loading the search index…");
  run(initial);
})();
