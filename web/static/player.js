// The Mini App player: plays the lesson and reports the seconds actually heard, never the
// position, so seeking ahead earns nothing. It plays on with the screen off (most people listen
// that way), and what plays then counts too.
(function () {
  "use strict";
  var ML = window.ML;
  var RATES = [1, 1.5, 2];
  var REPORT_EVERY_MS = 5000;
  // As the server: a player may run a little past the file's stated length; and at most the
  // spans it keeps.
  var END_SLACK = 1.0, MAX_SPANS = 100;
  function $(id) { return document.getElementById(id); }
  var audio = $("audio"), play = $("play"), seek = $("seek"), speed = $("speed");

  var lessonId = null, session = null, duration = 0, threshold = 0.8, share = 0;
  var stopped = false, rateIndex = 0, listened = false, noteLink = "";
  // Reports on their way; one asked for while one was (sent when it is back); the spans the
  // server last took, as sent.
  var sending = 0, again = false, acked = "[]";

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
    audio.pause();
    play.disabled = true;
    seek.disabled = true;
    speed.disabled = true;
    say(text);
  }

  function showShare(value) {
    share = Math.max(share, value || 0);
    // The server's share is to four places: 99.96 % is all of it, not "99 %".
    var percent = share >= 0.9995 ? 100 : Math.min(99, Math.floor(share * 100));
    var finished = listened && (percent === 100 || audio.ended);
    $("heard").textContent = finished ? ML.t("web.player.finished")
      : ML.t("web.player.heard", { percent: percent });
    $("heard-fill").style.width = percent + "%";
    if (listened && !stopped) {
      $("heard").classList.add("done");
      say(ML.t("web.player.listened"), true);
      // The next step: a note on this lesson, written in the bot's private chat.
      $("write-note").hidden = !noteLink;
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

  // What played, as the media element itself keeps it: its `played` ranges grow while the audio
  // plays, seen or not (screen off, another app in front), and a seek adds nothing. Each report
  // holds all of it; the server keeps the union, so a report sent twice changes nothing and one
  // that was lost is made good by the next.
  function spansToSend() {
    var ranges = audio.played, spans = [];
    for (var i = 0; ranges && i < ranges.length; i++) {
      var a = Math.round(ranges.start(i) * 1000) / 1000;
      var b = Math.round(ranges.end(i) * 1000) / 1000;
      // Played to the file's end: to the lesson's end (the two lengths differ by a few ms).
      if (audio.ended && b >= audio.duration - 0.05 && duration - b < END_SLACK) { b = duration; }
      if (b > a) { spans.push([a, b]); }
    }
    if (spans.length > MAX_SPANS) {
      // The server keeps the longest ones anyway.
      spans.sort(function (x, y) { return (y[1] - y[0]) - (x[1] - x[0]); });
      spans = spans.slice(0, MAX_SPANS).sort(function (x, y) { return x[0] - y[0]; });
    }
    return spans;
  }

  function unsent() {
    var spans = spansToSend();
    return spans.length > 0 && JSON.stringify(spans) !== acked;
  }

  // One report on its way at a time; a report asked for meanwhile goes as soon as it is back.
  // A page going away (keepalive) does not wait: its report must leave now.
  function report(keepalive) {
    if (!session || stopped) { return Promise.resolve(); }
    var spans = spansToSend();
    var key = JSON.stringify(spans);
    if (!spans.length || key === acked) { return Promise.resolve(); }
    if (sending && !keepalive) { again = true; return Promise.resolve(); }
    sending += 1;
    var body = { session: session, spans: spans };
    return ML.api("/api/lesson/" + lessonId + "/heard", body, { keepalive: !!keepalive })
      .then(function (r) {
        if (r.ok) {
          acked = key;
          listened = listened || !!r.data.listened;
          showShare(r.data.heard_share);
          if (!listened && !$("message").hidden && !stopped) { say(""); }
        } else if (r.status === 422 || r.status === 429) {
          // Too soon or too often: sent again with the next report.
          say(r.data.message || ML.t("web.offline"));
        } else if (r.status === 400 || r.status === 401 || r.status === 403 ||
                   r.status === 404 || r.status === 409) {
          stop(r.data.message || ML.t("web.unauthorized"));
        } else {
          say(ML.t("web.offline"));
        }
      })
      .catch(function () { say(ML.t("web.offline")); })
      .then(function () {
        sending -= 1;
        if (again && !sending) { again = false; report(false); }
      });
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
    noteLink = lesson.note_link || "";
    $("number").textContent = ML.t("web.player.lesson", { n: lesson.number });
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
    audio.currentTime = Number(seek.value);
  });
  $("write-note").addEventListener("click", function () { ML.openTelegramLink(noteLink); });
  audio.addEventListener("timeupdate", showClock);
  audio.addEventListener("seeking", showClock);
  // A report that did not get through is sent again at the next play, or when back online.
  audio.addEventListener("play", function () { showClock(); showPlaying(); report(false); });
  audio.addEventListener("pause", function () { showClock(); showPlaying(); report(false); });
  audio.addEventListener("ended", function () {
    showClock(); showPlaying(); showShare(share); report(false);
  });
  audio.addEventListener("error", function () {
    if (!stopped && audio.src) { say(ML.t("web.cannot_play")); }
  });
  // The screen turning off hides the page: the audio plays on; what was heard is sent now,
  // in a request that outlives the page if the client closes it.
  document.addEventListener("visibilitychange", function () {
    report(document.hidden);
  });
  window.addEventListener("pagehide", function () { report(true); });
  window.addEventListener("online", function () { report(false); });
  // While it plays, and after a report that did not get through.
  setInterval(function () { showClock(); report(false); }, REPORT_EVERY_MS);

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
        session: session, spans: spansToSend(), unsent: unsent(),
        sending: sending > 0, share: share, stopped: stopped
      };
    }
  };
})();
