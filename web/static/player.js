// The Mini App player: plays the lesson and reports the seconds actually heard, never the
// position, so seeking ahead earns nothing. Counting stops whenever the page is not seen.
(function () {
  "use strict";
  var ML = window.ML;
  var RATES = [1, 1.5, 2];
  var REPORT_EVERY_MS = 5000;
  function $(id) { return document.getElementById(id); }
  var audio = $("audio"), play = $("play"), seek = $("seek"), speed = $("speed");

  var lessonId = null, session = null, duration = 0, threshold = 0.8, share = 0;
  var stopped = false, sending = false, rateIndex = 0, listened = false;
  // Closed spans not yet taken by the server, and the one growing while it plays.
  var pending = [], open = null, lastWall = 0;

  function lessonParam() {
    var m = /^l(\d{1,9})$/.exec(ML.startParam || "");
    if (m) { return m[1]; }
    var q = ML.query.get("lesson") || "";
    return /^\d{1,9}$/.test(q) ? q : null;
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function say(text, ok) {
    var box = $("message");
    box.textContent = text;
    box.hidden = !text;
    box.classList.toggle("ok", !!ok);
  }

  // The page stops for good (another device took over, the launch data is no longer valid).
  function stop(text) {
    stopped = true;
    pending = [];
    open = null;
    audio.pause();
    play.disabled = true;
    seek.disabled = true;
    speed.disabled = true;
    say(text);
  }

  function showShare(value) {
    share = Math.max(share, value || 0);
    var percent = Math.min(100, Math.floor(share * 100));
    $("heard").textContent = ML.t("web.player.heard", { percent: percent });
    $("heard-fill").style.width = percent + "%";
    if (listened && !stopped) {
      $("heard").classList.add("done");
      say(ML.t("web.player.listened"), true);
    }
  }

  function showPlaying() {
    var playing = !audio.paused;
    $("play-icon").textContent = playing ? "❚❚" : "▶";
    $("play-label").textContent = ML.t(playing ? "web.player.pause" : "web.player.play");
  }

  function showClock() {
    $("clock").textContent = clock(audio.currentTime) + " / " + clock(duration);
    if (!seek.matches(":active")) { seek.value = String(audio.currentTime || 0); }
  }

  function closeOpen() {
    if (open && open[1] > open[0]) { pending.push([open[0], open[1]]); }
    open = null;
  }

  // Called on every timeupdate: extend the heard span only by what playback can have
  // covered since the last call; a jump (a seek) closes it instead.
  function track() {
    var pos = audio.currentTime;
    var wall = performance.now();
    if (open) {
      var allowed = ((wall - lastWall) / 1000) * audio.playbackRate + 0.6;
      if (!audio.seeking && pos >= open[1] && pos - open[1] <= allowed) {
        open[1] = pos;
      } else {
        closeOpen();
      }
    }
    var counting = !audio.paused && !audio.seeking && !audio.ended && !document.hidden && !stopped;
    if (!counting) {
      closeOpen();
    } else if (!open) {
      open = [pos, pos];
    }
    lastWall = wall;
    showClock();
  }

  function spansToSend() {
    var spans = pending.slice();
    if (open && open[1] > open[0]) { spans.push([open[0], open[1]]); }
    return spans;
  }

  function report(keepalive) {
    if (!session || stopped) { return Promise.resolve(); }
    var spans = spansToSend();
    if (!spans.length || (sending && !keepalive)) { return Promise.resolve(); }
    var taken = pending.length;
    sending = true;
    var body = { session: session, spans: spans };
    return ML.api("/api/lesson/" + lessonId + "/heard", body, { keepalive: !!keepalive })
      .then(function (r) {
        if (r.ok) {
          pending.splice(0, taken);
          listened = listened || !!r.data.listened;
          showShare(r.data.heard_share);
          if (!listened && !$("message").hidden && !stopped) { say(""); }
        } else if (r.status === 422 || r.status === 429) {
          // Too soon or too often: kept, and sent again with the next report.
          say(r.data.message || ML.t("web.offline"));
        } else if (r.status === 400 || r.status === 401 || r.status === 403 ||
                   r.status === 404 || r.status === 409) {
          stop(r.data.message || ML.t("web.unauthorized"));
        } else {
          say(ML.t("web.offline"));
        }
      })
      .catch(function () { say(ML.t("web.offline")); })
      .then(function () { sending = false; });
  }

  function pickSource(sources) {
    var best = null;
    (sources || []).forEach(function (s) {
      var can = audio.canPlayType(s.type);
      if (can === "probably" && (!best || best.can !== "probably")) { best = { url: s.url, can: can }; }
      else if (can === "maybe" && !best) { best = { url: s.url, can: can }; }
    });
    return best ? best.url : null;
  }

  function setRate(index) {
    rateIndex = index % RATES.length;
    audio.playbackRate = RATES[rateIndex];
    speed.textContent = ML.t("web.player.speed", { rate: RATES[rateIndex] });
  }

  function start(lesson) {
    duration = lesson.duration;
    threshold = lesson.threshold;
    listened = lesson.heard_share >= threshold;
    $("number").textContent = ML.t("web.player.lesson", { n: lesson.lesson_id });
    $("title").textContent = lesson.title;
    document.title = lesson.title;
    $("meta").textContent = lesson.day + " · " + ML.t("web.player.duration", { time: clock(duration) });
    seek.max = String(duration);
    // The server counts on no speed faster than the ones it names.
    if (lesson.rates && lesson.rates.length) { RATES = lesson.rates; }
    showShare(lesson.heard_share);
    showClock();
    var url = pickSource(lesson.audio);
    if (!url) { stop(ML.t("web.cannot_play")); return; }
    audio.src = url;
    setRate(0);
    play.disabled = false;
    seek.disabled = false;
    speed.disabled = false;
  }

  play.addEventListener("click", function () {
    if (stopped) { return; }
    if (audio.paused) {
      var started = audio.play();
      if (started && started.catch) { started.catch(function () { showPlaying(); }); }
    } else {
      audio.pause();
    }
  });
  speed.addEventListener("click", function () { setRate(rateIndex + 1); });
  seek.addEventListener("input", function () {
    closeOpen();
    audio.currentTime = Number(seek.value);
  });
  audio.addEventListener("timeupdate", track);
  audio.addEventListener("seeking", function () { closeOpen(); showClock(); });
  audio.addEventListener("play", function () { track(); showPlaying(); });
  audio.addEventListener("playing", track);
  audio.addEventListener("pause", function () { track(); showPlaying(); report(false); });
  audio.addEventListener("ended", function () { track(); showPlaying(); report(false); });
  audio.addEventListener("ratechange", track);
  audio.addEventListener("error", function () {
    if (!stopped && audio.src) { say(ML.t("web.cannot_play")); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      // Not seen, not counted: stop playing and send what was heard.
      track();
      audio.pause();
      report(true);
    }
  });
  window.addEventListener("pagehide", function () { track(); report(true); });
  setInterval(function () { if (!audio.paused) { track(); report(false); } }, REPORT_EVERY_MS);

  document.querySelectorAll("[data-t]").forEach(function (el) {
    el.textContent = ML.t(el.getAttribute("data-t"));
  });
  showShare(0);
  setRate(0);
  ML.ready();

  lessonId = lessonParam();
  if (!lessonId) {
    stop(ML.t("web.no_lesson"));
    $("title").textContent = "";
    return;
  }
  ML.api("/api/lesson/" + lessonId).then(function (r) {
    if (!r.ok) { $("title").textContent = ""; stop(r.data.message || ML.t("web.unauthorized")); return null; }
    var lesson = r.data;
    return ML.api("/api/lesson/" + lessonId + "/session", {}).then(function (s) {
      if (!s.ok) { $("title").textContent = ""; stop(s.data.message || ML.t("web.unauthorized")); return; }
      session = s.data.session;
      start(lesson);
    });
  }).catch(function () { say(ML.t("web.offline")); });

  // For the tests and for support: what the page holds (nothing is sent from here).
  window.MLPlayer = {
    state: function () {
      return {
        session: session, pending: pending.slice(), open: open && open.slice(),
        sending: sending, share: share, stopped: stopped
      };
    }
  };
})();
