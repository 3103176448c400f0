// The search tokeniser for queries: the rules of src/formats/search/tokens.rs
// (read its header for the rule set), implemented again for the browser. A
// test runs both on the same strings and requires the same output, so a
// change here is a change there. Loaded before search.js; under node it is
// a module (the test's way in).
(function (root) {
  "use strict";
  var MIN_PREFIX = 3;
  var DROPPED = /[\p{M}\u0640]/gu;
  var VARIANTS = /[\u0671\u0649\u06cc\u06a9\u06aa\u06c1\u06be\u06d5\u0629\u0660-\u0669\u06f0-\u06f9]/g;
  var UNIFIED = {
    "\u0671": "\u0627", "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643",
    "\u06aa": "\u0643", "\u06c1": "\u0647", "\u06be": "\u0647", "\u06d5": "\u0647", "\u0629": "\u0647"
  };
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

  // Rule 1.
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(DROPPED, "").replace(VARIANTS, function (c) {
      var code = c.charCodeAt(0);
      if (code >= 0x660 && code <= 0x669) return String(code - 0x660);
      if (code >= 0x6f0 && code <= 0x6f9) return String(code - 0x6f0);
      return UNIFIED[c];
    }).normalize("NFC");
  }

  // Rules 2 and 3: calls f(text, unspaced) for each word or unspaced run.
  function pieces(folded, f) {
    var cur = "", curUnspaced = false;
    Array.from(folded).forEach(function (c) {
      if (!ALNUM.test(c)) {
        if (cur) f(cur, curUnspaced);
        cur = "";
        return;
      }
      var u = UNSPACED.test(c);
      if (cur && u !== curUnspaced) { f(cur, curUnspaced); cur = ""; }
      cur += c;
      curUnspaced = u;
    });
    if (cur) f(cur, curUnspaced);
  }

  // Rules 1-3, as the index builder applies them (for the test).
  function indexTerms(text) {
    var out = [];
    pieces(fold(text), function (p, unspaced) {
      if (!unspaced) { out.push(p); return; }
      var chars = Array.from(p);
      for (var i = 0; i < chars.length; i++) {
        out.push(chars[i]);
        if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
      }
    });
    return out;
  }

  // Rules 1-4: [{text, prefix}], without repeats.
  function queryTerms(query) {
    var out = [];
    function add(text, prefix) {
      for (var i = 0; i < out.length; i++) if (out[i].text === text) return;
      out.push({ text: text, prefix: prefix });
    }
    pieces(fold(query), function (p, unspaced) {
      if (!unspaced) { add(p, Array.from(p).length >= MIN_PREFIX); return; }
      var chars = Array.from(p);
      if (chars.length === 1) add(p, false);
      for (var i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1], false);
    });
    return out;
  }

  var api = { fold: fold, indexTerms: indexTerms, queryTerms: queryTerms, MIN_PREFIX: MIN_PREFIX };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.dossierSearchTokens = api;
})(this);
