/* Watched: plurals and singulars find each other in search.
 *
 * Material's search worker turns every query word into a prefix ("arrests" -> "arrests*")
 * and lunr never stems a prefix, so "arrests" did not find a page that says only "arrest"
 * (and a stemmer in the index would break prefix search: "seattl" is no prefix of "seattle").
 * This worker wraps Material's own: it loads it unchanged, then hands it each query with
 * each plural word's singular beside it, so the prefix covers both forms:
 *   "arrests" -> "arrest arrests" (arrest*, arrested...), "settlements" -> "settlement
 *   settlements", "bans" -> "ban bans", "searches" -> "search searches", "policies" ->
 *   "policy policies" (not "polic*", which would also find every "police"). Words are
 *   alternatives in lunr, and pages with both rank above pages with only one, so a page
 *   that has the very word typed still comes first.
 * Only plain words outside quotes change; "+word", "-word", "field:word", "word~1" and
 * quoted phrases reach Material as typed. Results name the word as typed, not its variants.
 *
 * overrides/partials/watched-search-deferred.html starts this file in place of Material's
 * worker and passes that worker's file name as ?material=search.<hash>.min.js. Same folder
 * as Material's worker, so its relative paths (../lunr/...) still resolve. Without this
 * file, or without JavaScript workers, search works as before: only plurals differ. */
(function () {
  "use strict";

  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("watched-search.js must be started with ?material=search.<hash>.min.js");
  }

  /* The singular of a plain plural word, or null. */
  function singular(lower) {
    if (lower.length < 4 || !/^[a-z]+$/.test(lower)) return null;
    if (lower.length > 4 && /ies$/.test(lower)) return lower.slice(0, -3) + "y";
    if (/(ss|x|z|ch|sh)es$/.test(lower)) return lower.slice(0, -2);
    if (/[^su]s$/.test(lower) && !/is$/.test(lower)) return lower.slice(0, -1);
    return null;
  }

  /* The forms to search for one word: its singular too, if it is a plural. The plural is kept
     beside it so that pages with the very word typed still rank first. */
  function forms(word) {
    var lower = word.toLowerCase(), one = singular(lower);
    return one ? [one, lower] : [word];
  }

  /* The variants of the current query, each mapped to the word the reader typed. */
  var typed = {};

  function rewrite(query) {
    typed = {};
    return String(query).split(/("[^"]*")/).map(function (part, index) {
      if (index % 2) return part;  // a quoted phrase: exactly as typed
      return part.split(/(\s+)/).map(function (word) {
        var alternatives = forms(word);
        if (alternatives.length === 1 && alternatives[0] === word) return word;
        alternatives.forEach(function (form) { typed[form] = word.toLowerCase(); });
        return alternatives.join(" ");
      }).join("");
    }).join("");
  }

  /* Material marks a word "missing" from a result when no variant of it is there: merge the
     variants back into the typed word, found if any variant is. */
  function merge(terms) {
    var merged = {};
    Object.keys(terms).forEach(function (term) {
      var word = Object.prototype.hasOwnProperty.call(typed, term) ? typed[term] : term;
      merged[word] = merged[word] === true || terms[term];
    });
    return merged;
  }

  var addEventListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return addEventListener(type, listener, options);
    return addEventListener(type, function (event) {
      var message = event.data;
      if (message && message.type === 2 && typeof message.data === "string") {
        message = { type: 2, data: rewrite(message.data) };  // 2: a query
      }
      return listener.call(self, { data: message, target: event.target });
    }, options);
  };

  var postMessage = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data && message.data.items) {  // 3: results
      message.data.items.forEach(function (group) {
        group.forEach(function (item) {
          if (item.terms) item.terms = merge(item.terms);
        });
      });
    }
    return postMessage.apply(self, arguments);
  };

  importScripts(material);
})();
