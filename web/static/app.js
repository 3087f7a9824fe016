/* arxiv-triage web pages: the little JavaScript they need. Plain ES2017, no framework, no build
 * step. The Content-Security-Policy allows no inline script, style or event handler, so pages
 * pass data through data- attributes and this file does the rest. Without it every page still
 * reads and navigates; only the buttons (which POST with fetch()) need it.
 *
 * Stable hooks (the browser tests rely on them; keep them when changing the markup):
 *   body[data-page]                 digest | search | paper | profiles | profile | status | login | error
 *   nav.site-nav a[data-nav]        digest | search | profiles | status; the current one has aria-current="page"
 * Digest (/ and /?date=YYYY-MM-DD[&profile=NAME]):
 *   .digest-day[data-day]           the day shown
 *   nav.day-nav a[rel=prev|next]    neighbouring announcement days; form.date-picker input[name=date]
 *   p.coverage[data-total][data-new][data-cross][data-updated][data-matched]
 *   p.no-announcement               a day without papers, with links to the neighbouring days
 *   .profile-filter a[data-profile] "all" or a profile name
 *   .type-toggles input[data-kind]  new | cross | updated: unchecked hides article.paper[data-kind]
 *                                   (class kind-hidden); remembered in localStorage "triage.kinds"
 *   section.profile[data-profile]   one per profile: h2 title, .profile-description, .nothing when empty
 * Paper cards (digest, search):
 *   article.paper[data-id][data-kind][data-type][data-profile][data-verdict], tabindex=-1
 *                                   data-kind: new | cross | updated | other; data-type: arXiv's announce type;
 *                                   classes: current (the paper j/k moved to), seen (listed on an
 *                                   earlier visit; localStorage "triage.seen"), kind-hidden
 *   .title a (also .paper-title)    https://arxiv.org/abs/ID in a new tab; a.paper-id -> /paper/ID
 *   details.abstract                the folded abstract
 *   .why .why-term[data-field]      matched terms (title | abstract | author | text); .why-learned .why-word;
 *                                   .why-liked a (the nearest liked paper)
 *   .judge[data-profile][data-verdict][data-saved]
 *     button.verdict[data-verdict=like|dismiss|save][aria-pressed=true|false]
 *     .verdict-status               the outcome; after a 401 it holds a[href^="/login"]
 *   .tex                            text KaTeX renders ($...$, $$...$$, \(...\), \[...\]): span.katex inside
 * Paper page (/paper/ID): article.paper-full[data-id], a.abs-link, a.pdf-link, ul.versions,
 *   section.listing[data-profile] (a .why and a .judge per profile whose digest listed it),
 *   ol.similar li.similar-paper[data-id] a
 * Search (/search): form#search-form (q, profile, cat, from, to), p.results-total[data-total],
 *   .results article.paper, nav.pager a[rel=prev|next]
 * Profiles (/profiles): li.profile-item[data-profile]; form#new-profile-form input[name=new]
 * Profile editor (/profiles/NAME, /profiles?new=NAME): form#profile-form[data-name][data-create] with
 *   fields named title, description, query, categories, categories_only, authors, must_have, must_not,
 *   limit, min_score; p#profile-error (the API's validation message), p#profile-saved;
 *   .suggestion-list button.add-term[data-term]
 * Status (/status): dl.status-last-fetch, .status-error, .status-never, ul.missing-days,
 *   table.category-counts tr[data-category], dd.index-papers[data-papers], table.recent-days tr[data-day]
 * Sign in (/login): form#login-form input[name=token], p#login-error; /login#token=... fills the
 *   token in and submits it.
 * Keyboard: j/k next/previous paper, l like, d dismiss, s save, o open on arXiv, Enter fold, ? dialog#help.
 */
(function () {
  'use strict';

  var SEEN_KEY = 'triage.seen';
  var SEEN_MAX = 5000;
  var KINDS_KEY = 'triage.kinds';

  function loadJSON(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function saveJSON(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // Private windows and full storage: the page works, it only forgets.
    }
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  // ---- Maths ---------------------------------------------------------------------------------

  function renderMath(root) {
    if (typeof window.renderMathInElement !== 'function') return;
    all('.tex', root).forEach(function (el) {
      window.renderMathInElement(el, {
        delimiters: [
          {left: '$$', right: '$$', display: true},
          {left: '\\[', right: '\\]', display: true},
          {left: '\\(', right: '\\)', display: false},
          {left: '$', right: '$', display: false}
        ],
        // A formula KaTeX cannot parse stays as the author wrote it. (Its error rendering would
        // need an inline style attribute, which the CSP refuses.)
        throwOnError: true,
        errorCallback: function () {},
        strict: 'ignore'
      });
    });
  }

  // ---- Sign-in links and API errors ----------------------------------------------------------

  function signInLink() {
    var a = document.createElement('a');
    a.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    a.textContent = 'sign in';
    return a;
  }

  // Shows `text` in `el`, followed by a sign-in link when the server said 401.
  function showProblem(el, text, unauthorized) {
    el.textContent = text;
    el.classList.add('error');
    if (unauthorized) {
      el.appendChild(document.createTextNode(' '));
      el.appendChild(signInLink());
    }
  }

  function errorMessage(response) {
    return response.json().then(function (body) {
      return body && body.error && body.error.message ? body.error.message
                                                     : 'the server answered ' + response.status;
    }, function () {
      return 'the server answered ' + response.status;
    });
  }

  function sendJSON(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
      body: JSON.stringify(body)
    });
  }

  // ---- Like / dismiss / save -----------------------------------------------------------------

  var VERDICT_WORDS = {like: 'Liked', dismiss: 'Dismissed', neutral: 'Cleared', save: 'Saved', unsave: 'Unsaved'};

  function showState(box, verdict, saved) {
    box.dataset.verdict = verdict === 'neutral' ? '' : verdict;
    box.dataset.saved = saved ? 'true' : 'false';
    all('button.verdict', box).forEach(function (b) {
      var kind = b.dataset.verdict;
      var pressed = kind === 'save' ? saved : box.dataset.verdict === kind;
      b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    });
    var card = box.closest('article.paper');
    if (card) card.dataset.verdict = box.dataset.verdict;
  }

  function judge(button) {
    var box = button.closest('.judge');
    var holder = button.closest('[data-id]');
    if (!box || !holder || box.classList.contains('busy')) return;
    var kind = button.dataset.verdict;
    var verdict;
    if (kind === 'save') verdict = box.dataset.saved === 'true' ? 'unsave' : 'save';
    else verdict = box.dataset.verdict === kind ? 'neutral' : kind;
    var status = box.querySelector('.verdict-status');
    status.classList.remove('error');
    status.textContent = '…';
    box.classList.add('busy');
    var url = '/api/v1/profiles/' + encodeURIComponent(box.dataset.profile) + '/feedback';
    sendJSON('POST', url, {id: holder.dataset.id, verdict: verdict}).then(function (response) {
      if (!response.ok) {
        return errorMessage(response).then(function (message) {
          showProblem(status, response.status === 401 ? 'To judge papers,' : message,
                      response.status === 401);
        });
      }
      return response.json().then(function (state) {
        showState(box, state.verdict || 'neutral', !!state.saved);
        status.textContent = VERDICT_WORDS[verdict] || '';
      });
    }).catch(function () {
      showProblem(status, 'The server cannot be reached.', false);
    }).then(function () {
      box.classList.remove('busy');
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.verdict');
    if (button) {
      judge(button);
      return;
    }
    var card = event.target.closest('article.paper, article.paper-full');
    if (card) focusCard(card, false);
  });

  // ---- Seen papers and type toggles (digest) -------------------------------------------------

  function markSeen() {
    var cards = all('body[data-page="digest"] article.paper');
    if (!cards.length) return;
    var seen = loadJSON(SEEN_KEY, []);
    if (!Array.isArray(seen)) seen = [];
    var known = new Set(seen);
    cards.forEach(function (card) {
      if (known.has(card.dataset.id)) card.classList.add('seen');
    });
    cards.forEach(function (card) {
      if (!known.has(card.dataset.id)) {
        known.add(card.dataset.id);
        seen.push(card.dataset.id);
      }
    });
    saveJSON(SEEN_KEY, seen.slice(-SEEN_MAX));
  }

  function applyKinds(hidden) {
    all('article.paper').forEach(function (card) {
      card.classList.toggle('kind-hidden', !!hidden[card.dataset.kind]);
    });
  }

  function setUpToggles() {
    var toggles = all('.type-toggles input[data-kind]');
    if (!toggles.length) return;
    var hidden = loadJSON(KINDS_KEY, {});
    if (typeof hidden !== 'object' || hidden === null) hidden = {};
    toggles.forEach(function (input) {
      input.checked = !hidden[input.dataset.kind];
      input.addEventListener('change', function () {
        hidden[input.dataset.kind] = !input.checked;
        saveJSON(KINDS_KEY, hidden);
        applyKinds(hidden);
        if (current && current.classList.contains('kind-hidden')) move(1);
      });
    });
    applyKinds(hidden);
  }

  // ---- Keyboard ------------------------------------------------------------------------------

  var current = null;

  function cards() {
    return all('article.paper, article.paper-full').filter(function (card) {
      return !card.classList.contains('kind-hidden');
    });
  }

  function focusCard(card, scroll) {
    if (current) current.classList.remove('current');
    current = card;
    card.classList.add('current');
    if (scroll) {
      card.focus({preventScroll: true});
      card.scrollIntoView({block: 'nearest', behavior: 'auto'});
    }
  }

  function move(step) {
    var list = cards();
    if (!list.length) return;
    var at = current ? list.indexOf(current) : -1;
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1)
                      : Math.min(list.length - 1, Math.max(0, at + step));
    focusCard(list[next], true);
  }

  function act(kind) {
    if (!current) return;
    var button = current.querySelector('.judge button.verdict[data-verdict="' + kind + '"]');
    if (button) judge(button);
  }

  function openAbs() {
    if (!current) return;
    var link = current.querySelector('.paper-title a, a.abs-link');
    if (link) window.open(link.href, '_blank', 'noopener');
  }

  function toggleHelp() {
    var help = document.getElementById('help');
    if (!help || typeof help.showModal !== 'function') return;
    if (help.open) help.close();
    else help.showModal();
  }

  // Keys typed into a field are the researcher's text, not commands; checkboxes and buttons
  // take no text, so j/k keep working after a toggle was clicked.
  function isTextEntry(el) {
    if (!el || !el.closest) return false;
    if (el.closest('textarea, select, [contenteditable]')) return true;
    var input = el.closest('input');
    return !!input && ['checkbox', 'radio', 'button', 'submit', 'reset'].indexOf(input.type) < 0;
  }

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (isTextEntry(target)) return;
    var help = document.getElementById('help');
    if (help && help.open && event.key !== '?') return;
    var handled = true;
    switch (event.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'l': act('like'); break;
      case 'd': act('dismiss'); break;
      case 's': act('save'); break;
      case 'o': openAbs(); break;
      case '?': toggleHelp(); break;
      case 'Enter':
        if (target === current && current.querySelector('details.abstract')) {
          var details = current.querySelector('details.abstract');
          details.open = !details.open;
        } else {
          handled = false;
        }
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  // ---- Day picker ----------------------------------------------------------------------------

  function setUpDatePicker() {
    var input = document.querySelector('form.date-picker input[name=date]');
    if (!input) return;
    input.addEventListener('change', function () {
      if (input.value) input.form.submit();
    });
  }

  // ---- Sign in -------------------------------------------------------------------------------

  function setUpLogin() {
    var form = document.getElementById('login-form');
    if (!form) return;
    var error = document.getElementById('login-error');
    function submit() {
      error.hidden = true;
      fetch('/login', {
        method: 'POST',
        credentials: 'same-origin',
        body: new URLSearchParams(new FormData(form))
      }).then(function (response) {
        // The server redirects to a local page it chose (the "next" it was given, else "/").
        if (response.ok) return location.assign(response.redirected ? response.url : '/');
        return errorMessage(response).then(function (message) {
          error.textContent = message;
          error.hidden = false;
        });
      }).catch(function () {
        error.textContent = 'The server cannot be reached.';
        error.hidden = false;
      });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit();
    });
    if (location.hash.indexOf('#token=') === 0) {
      form.elements.token.value = decodeURIComponent(location.hash.slice('#token='.length));
      // The token leaves the address bar (and the history) before anything else happens.
      history.replaceState(null, '', location.pathname + location.search);
      submit();
    }
  }

  // ---- Profile editor ------------------------------------------------------------------------

  function lines(text) {
    return text.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function profileBody(form) {
    var f = form.elements;
    return {
      name: form.dataset.name,
      title: f.title.value.trim(),
      description: f.description.value.trim(),
      query: f.query.value.trim(),
      categories: f.categories.value.split(/[\s,]+/).filter(Boolean),
      categories_only: f.categories_only.checked,
      authors: lines(f.authors.value),
      must_have: lines(f.must_have.value),
      must_not: lines(f.must_not.value),
      limit: f.limit.value === '' ? 0 : Number(f.limit.value),
      min_score: f.min_score.value === '' ? 0 : Number(f.min_score.value)
    };
  }

  function setUpProfileForm() {
    var form = document.getElementById('profile-form');
    if (!form) return;
    var error = document.getElementById('profile-error');
    var saved = document.getElementById('profile-saved');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      error.hidden = true;
      saved.hidden = true;
      var create = form.dataset.create === 'true';
      var name = form.dataset.name;
      var url = create ? '/api/v1/profiles' : '/api/v1/profiles/' + encodeURIComponent(name);
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      sendJSON(create ? 'POST' : 'PUT', url, profileBody(form)).then(function (response) {
        if (response.ok) {
          if (create) return location.assign('/profiles/' + encodeURIComponent(name));
          saved.textContent = 'Saved at ' + new Date().toLocaleTimeString() + '.';
          saved.hidden = false;
          return undefined;
        }
        return errorMessage(response).then(function (message) {
          showProblem(error, response.status === 401 ? 'To change profiles,' : message,
                      response.status === 401);
          error.hidden = false;
        });
      }).catch(function () {
        showProblem(error, 'The server cannot be reached.', false);
        error.hidden = false;
      }).then(function () {
        button.disabled = false;
      });
    });
    all('button.add-term').forEach(function (button) {
      button.addEventListener('click', function () {
        var query = form.elements.query;
        var term = button.dataset.term;
        query.value = query.value.trim() ? query.value.trim() + ' ' + term : term;
        button.disabled = true;
        button.textContent = 'Added';
        saved.hidden = true;
        query.focus();
      });
    });
  }

  // ---- Start ---------------------------------------------------------------------------------

  renderMath(document.body);
  markSeen();
  setUpToggles();
  setUpDatePicker();
  setUpLogin();
  setUpProfileForm();
})();
