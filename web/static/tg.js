// The Mini App's bridge to Telegram, with no script from outside (offices filter the internet).
// Telegram opens the page with its launch data in the URL fragment (#tgWebAppData=...&
// tgWebAppThemeParams=...); events go back through the client's own bridge.
(function () {
  "use strict";
  var hash = new URLSearchParams(location.hash.slice(1));
  var query = new URLSearchParams(location.search);
  var initData = hash.get("tgWebAppData") || "";
  var fields = new URLSearchParams(initData);
  var user = {};
  try { user = JSON.parse(fields.get("user") || "{}"); } catch (e) { user = {}; }
  var theme = {};
  try { theme = JSON.parse(hash.get("tgWebAppThemeParams") || "{}"); } catch (e) { theme = {}; }
  var texts = {};
  try { texts = JSON.parse(document.getElementById("ml-texts").textContent); } catch (e) { texts = {}; }
  var lang = /^en/i.test(user.language_code || "") ? "en" : "zh";

  function postEvent(type, data) {
    var payload = JSON.stringify(data || {});
    try {
      if (window.TelegramWebviewProxy) {
        window.TelegramWebviewProxy.postEvent(type, payload);
      } else if (window.external && "notify" in window.external) {
        window.external.notify(JSON.stringify({ eventType: type, eventData: data || {} }));
      } else if (window.parent !== window) {
        window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data || {} }), "*");
      }
    } catch (e) { /* outside Telegram: nothing to tell */ }
  }

  // A t.me link opened by the client itself (the bot's chat, not a page inside the WebView);
  // outside Telegram, the browser follows it.
  function openTelegramLink(url) {
    var link = new URL(url, location.href);
    var bridged = !!(window.TelegramWebviewProxy || (window.external && "notify" in window.external) ||
      window.parent !== window);
    if (link.hostname === "t.me" && bridged) {
      postEvent("web_app_open_tg_link", { path_full: link.pathname + link.search });
    } else {
      location.href = link.href;
    }
  }

  var CSS = {
    bg_color: "--tg-bg", text_color: "--tg-text", hint_color: "--tg-hint",
    link_color: "--tg-link", button_color: "--tg-button", button_text_color: "--tg-button-text",
    secondary_bg_color: "--tg-secondary-bg"
  };
  function applyTheme(params) {
    var root = document.documentElement.style;
    Object.keys(CSS).forEach(function (key) {
      if (params[key]) { root.setProperty(CSS[key], params[key]); }
    });
  }

  // Telegram calls this for its events (theme_changed, viewport_changed, ...).
  var listeners = {};
  window.Telegram = window.Telegram || {};
  window.Telegram.WebView = window.Telegram.WebView || {};
  window.Telegram.WebView.receiveEvent = function (type, data) {
    if (type === "theme_changed" && data && data.theme_params) { applyTheme(data.theme_params); }
    (listeners[type] || []).forEach(function (fn) { fn(data); });
  };

  function t(key, params) {
    var entry = texts[key] || {};
    var text = entry[lang] || entry.zh || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function api(path, body, options) {
    var init = {
      method: body === undefined ? "GET" : "POST",
      headers: { "Authorization": "tma " + initData, "Accept-Language": lang },
      keepalive: !!(options && options.keepalive)
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  applyTheme(theme);
  window.ML = {
    initData: initData,
    user: user,
    // A direct link's startapp=l<N> arrives in initData; a web_app button passes ?lesson=N.
    startParam: fields.get("start_param") || hash.get("tgWebAppStartParam") || query.get("startapp") || "",
    query: query,
    theme: theme,
    lang: lang,
    t: t,
    api: api,
    postEvent: postEvent,
    openTelegramLink: openTelegramLink,
    on: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    ready: function () { postEvent("web_app_ready"); postEvent("web_app_expand"); }
  };
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
})();
