// The exercise page: drafts (server first, this browser as a fallback), hints one at a time,
// Run (output, not graded) with optional input, the request console of web-app exercises,
// Submit, then results pushed (server-sent events) or polled as the fallback, with per-test
// results as they arrive, session expiry, offline retry.
// The code lives in <textarea id="code">; editor.js (CodeMirror) mirrors it when loaded.
// Rendering of results is feedback.js's (shared with the submission and lesson pages).
(function () {
  "use strict";
  const root = document.getElementById("exercise");
  if (!root) return;

  // On a narrow screen the task is shown in a box of its own height, so the editor comes into
  // the first screen; a button shows the whole task (app.css sets the box, only when narrow).
  const task = document.getElementById("task");
  const taskToggle = document.getElementById("task-toggle");
  if (task && taskToggle) {
    const clamped = () => task.scrollHeight > task.clientHeight + 4 && !task.classList.contains("open");
    const update = () => {
      const boxed = clamped();
      taskToggle.hidden = !boxed && !task.classList.contains("open");
      // A box that scrolls must be reachable with the keyboard.
      if (boxed) { task.tabIndex = 0; task.setAttribute("aria-label", "The task (scrolls)"); }
      else { task.removeAttribute("tabindex"); task.removeAttribute("aria-label"); }
    };
    taskToggle.addEventListener("click", () => {
      const open = task.classList.toggle("open");
      taskToggle.setAttribute("aria-expanded", String(open));
      taskToggle.textContent = open ? "Show less ▴" : "Show the whole task ▾";
      update();
    });
    update();
    window.addEventListener("resize", update);
  }
  if (!document.getElementById("code")) return;  // a visitor without an account: reading only
  const slug = root.dataset.slug;
  const maxBytes = Number(root.dataset.maxBytes);
  const timeLimit = Number(root.dataset.timeS);
  const memoryLimit = Number(root.dataset.memoryMb);
  const textarea = document.getElementById("code");
  const statusLine = document.getElementById("results-status");
  const body = document.getElementById("results-body");
  const submitButton = document.getElementById("submit");
  const runButton = document.getElementById("run");
  const stdinBox = document.getElementById("stdin");
  const feedback = window.pyroadFeedback;
  const el = feedback.el;
  const git = root.dataset.kind === "git";
  const limits = { time_s: timeLimit, memory_mb: memoryLimit };
  const draftStatus = document.getElementById("draft-status");
  const sizeWarning = document.getElementById("size-warning");
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const starter = JSON.parse(document.getElementById("starter").textContent);
  const localKey = "pyroad-draft:" + slug;

  const getCode = () => (window.pyroadEditor ? window.pyroadEditor.get() : textarea.value);
  function setCode(text) {
    if (window.pyroadEditor) window.pyroadEditor.set(text); else textarea.value = text;
    codeChanged();
  }

  function api(method, path, payload) {
    return fetch("/api/v1" + path, {
      method: method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      credentials: "same-origin",
    });
  }

  function announce(text) { if (statusLine.textContent !== text) statusLine.textContent = text; }

  function showMessage(kind, text, link) {
    const box = el("div", { class: "alert " + kind, role: kind === "pending" ? "status" : "alert" }, text);
    if (link) box.append(" ", el("a", { href: link.href }, link.text));
    body.replaceChildren(box);
    reveal(box);
  }

  // After Submit or Run the answer may be below the fold (always, on a phone): bring it into view.
  function reveal(node) {
    const box = node.getBoundingClientRect();
    const phone = window.innerWidth <= 860;
    // On a phone the editor fills the screen above: put the answer at the top, where it is read.
    // On a desktop an answer starting in the lower part of the window is not read either: bring its
    // top to a third of the window, the Run and Submit buttons still in sight above it.
    const lowest = window.innerHeight * (phone ? 0.35 : 0.6);
    if (box.top >= 0 && box.top < lowest) return;
    const behavior = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
    if (phone) node.scrollIntoView({ block: "start", behavior: behavior });
    else window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: behavior });
  }

  async function problemText(response) {
    try { const p = await response.json(); return p.detail || p.title; } catch (e) { return response.statusText; }
  }

  function keepLocally() { try { localStorage.setItem(localKey, getCode()); } catch (e) { /* quota: 1 MB pastes */ } }

  function sessionExpired() {
    keepLocally();
    draftStatus.textContent = "Not saved: you are logged out.";
    showMessage("warning", "Your session has expired. Your code is kept in this browser and comes back after you log in.",
      { href: "/login?next=/exercises/" + slug, text: "Log in again" });
    submitButton.disabled = false;
    if (runButton) runButton.disabled = false;
  }

  const byteLength = (text) => new TextEncoder().encode(text).length;
  const kib = (n) => (n / 1024).toFixed(n < 10240 ? 1 : 0) + " KiB";
  function tooLargeText(size) {
    return "Your code is " + kib(size) + " (" + size.toLocaleString("en") + " bytes); the limit is " + kib(maxBytes) +
      ". Did you paste more than your solution? Remove the extra text, then try again.";
  }

  // ----- drafts: saved to the server (follows you across devices), mirrored in this browser
  let draftTimer = null;
  let savedCode = textarea.value;
  async function saveDraft() {
    const text = getCode();
    if (text === savedCode) { draftStatus.textContent = "Draft saved."; return; }
    if (byteLength(text) > maxBytes) { draftStatus.textContent = "Draft not saved: too long."; keepLocally(); return; }
    keepLocally();
    draftStatus.textContent = "Saving…";
    try {
      const r = await api("PUT", "/exercises/" + slug + "/draft", { code: text });
      if (r.status === 401) { sessionExpired(); return; }
      if (r.ok) {
        savedCode = text;
        if (getCode() === text) localStorage.removeItem(localKey);
        draftStatus.textContent = "Draft saved.";
      } else {
        draftStatus.textContent = "Draft not saved: " + (await problemText(r));
      }
    } catch (e) { draftStatus.textContent = "Offline: your draft is kept in this browser."; }
  }

  function codeChanged() {
    const size = byteLength(getCode());
    sizeWarning.hidden = size <= maxBytes;
    if (size > maxBytes) sizeWarning.textContent = tooLargeText(size);
    draftStatus.textContent = "Editing…";
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 700);
  }
  textarea.addEventListener("input", codeChanged);
  window.addEventListener("beforeunload", () => { if (getCode() !== savedCode) keepLocally(); });

  const unsaved = localStorage.getItem(localKey);
  if (unsaved !== null && unsaved !== textarea.value) {
    setCode(unsaved);
    draftStatus.textContent = "Restored your unsaved draft from this browser.";
    saveDraft();
  } else if (unsaved !== null) {
    localStorage.removeItem(localKey);
  }

  const resetButton = document.getElementById("reset");
  const undoButton = document.getElementById("undo-reset");
  let beforeReset = null;
  resetButton.addEventListener("click", () => {
    if (getCode() === starter) { draftStatus.textContent = "This is already the starter code."; return; }
    beforeReset = getCode();
    setCode(starter);
    undoButton.hidden = false;
    draftStatus.textContent = "Reset to the starter code.";
  });
  undoButton.addEventListener("click", () => {
    if (beforeReset !== null) setCode(beforeReset);
    beforeReset = null;
    undoButton.hidden = true;
  });

  // Without the editor bundle: Tab inserts four spaces, Ctrl/Cmd+Enter submits, with Shift it runs.
  textarea.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); if (event.shiftKey) run(); else submit(0); }
    else if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey) {
      event.preventDefault();
      textarea.setRangeText("    ", textarea.selectionStart, textarea.selectionEnd, "end");
      codeChanged();
    }
  });
  textarea.addEventListener("pyroad-submit", () => submit(0));
  textarea.addEventListener("pyroad-run", () => run());

  // ----- hints, one at a time; `code` in backticks as in Markdown
  function inlineCode(text) {
    const parts = text.split("`");
    return parts.map((part, i) => (i % 2 === 1 && i < parts.length - 1 ? el("code", {}, part) : part));
  }
  const hintButton = document.getElementById("hint-button");
  if (hintButton) {
    const hintStatus = document.getElementById("hint-status");
    hintButton.addEventListener("click", async () => {
      hintButton.disabled = true;
      let r;
      try { r = await api("POST", "/exercises/" + slug + "/hints"); }
      catch (e) { hintStatus.textContent = "Offline: try again when you are connected."; hintButton.disabled = false; return; }
      if (r.status === 401) { sessionExpired(); hintButton.disabled = false; return; }
      if (!r.ok) { hintStatus.textContent = await problemText(r); hintButton.disabled = false; return; }
      const data = await r.json();
      const list = document.getElementById("hint-list");
      list.replaceChildren(...data.hints.map((h) => el("li", { tabindex: "-1" }, ...inlineCode(h))));
      const newest = list.lastElementChild;
      if (newest) { newest.classList.add("new"); newest.focus(); }
      const done = data.revealed >= data.total;
      hintButton.textContent = done ? "All " + data.total + " hints shown" : "Show hint " + (data.revealed + 1) + " of " + data.total;
      hintButton.disabled = done;
      hintStatus.textContent = "Hint " + data.revealed + " of " + data.total + " shown.";
    });
  }

  // ----- submit and poll
  function render(submission) {
    const out = feedback.renderSubmission(submission, { kind: root.dataset.kind, limits: limits });
    const done = submission.status === "done";
    if (done && submission.verdict === "passed") {
      // The guided path's next item (a lesson may come before the next exercise), and why.
      // The submission's `next` is computed after this pass; the page's item only before it.
      const item = submission.next || (root.dataset.nextUrl
        ? { url: root.dataset.nextUrl, title: root.dataset.nextTitle, because: root.dataset.nextBecause } : null);
      const next = submission.next_exercise;
      const href = item ? item.url : next ? "/exercises/" + next : "/roadmap";
      const label = item ? "Next: " + item.title + " →" : next ? "Next exercise →" : "Back to the roadmap →";
      out.nodes.push(el("a", { class: "button", id: "next-exercise", href: href }, label));
      if (item && item.because) out.nodes.push(el("p", { class: "muted small" }, item.because));
    }
    body.replaceChildren(...out.nodes);
    announce(out.text);
  }

  // The badge above the statement follows the latest verdict without a reload.
  function markState(state) {
    const badge = root.querySelector(".statement .meta .badge");
    if (!badge || badge.classList.contains("solved")) return;
    badge.className = "badge " + state;
    badge.textContent = state === "solved" ? "✓ Solved" : "● Attempted";
  }

  // "Your recent submissions" gains the new one at once (the page used to lag one behind).
  const VERDICTS = { passed: "✓ Passed", failed: "✗ Failed", error: "! Error", timeout: "◷ Timed out",
    memory: "! Out of memory", "output-limit": "! Too much output", internal: "? Not graded" };
  function addRecent(submission) {
    const recent = document.getElementById("recent");
    if (!recent) return;
    const list = recent.querySelector("ul");
    if (list.querySelector('[data-id="' + submission.id + '"]')) return;
    const label = submission.attempt ? "Attempt " + submission.attempt : "Submission " + submission.id;
    const item = el("li", { "data-id": String(submission.id) },
      el("a", { href: "/submissions/" + submission.id }, label), " ",
      el("span", { class: "verdict " + submission.verdict }, VERDICTS[submission.verdict] || submission.verdict), " ",
      el("span", { class: "muted small" }, submission.summary || ""));
    list.prepend(item);
    while (list.children.length > 5) list.lastElementChild.remove();
    recent.querySelector(".recent-count").textContent = String(list.children.length);
    recent.hidden = false;
  }

  let polling = 0;  // a newer submission stops the older poll
  let revealed = false;  // the verdict box is scrolled into view once per submission
  function finished(ok) {
    submitButton.disabled = false;
    if (runButton) runButton.disabled = false;
    return ok;
  }
  async function poll(url, attempt, ticket, failures) {
    if (ticket !== polling) return;
    let r;
    try { r = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }); }
    catch (e) {
      // Offline, or the server is restarting: the submission is stored, so keep asking.
      if (failures >= 2) announce("Connection lost; still waiting for your result…");
      if (failures >= 2) showMessage("warning", "The server is not reachable right now. Your submission is saved; " +
        "the result appears here when the connection is back.");
      setTimeout(() => poll(url, attempt + 1, ticket, failures + 1), Math.min(1000 * (failures + 1), 5000));
      return;
    }
    if (ticket !== polling) return;
    if (r.status === 401) { sessionExpired(); return; }
    if (r.status >= 500) { setTimeout(() => poll(url, attempt + 1, ticket, failures + 1), 2000); return; }
    if (!r.ok) { showMessage("error", "Could not load the result: " + (await problemText(r))); finished(); return; }
    const submission = await r.json();
    if (submission.status !== "done") {
      progress(submission);
      setTimeout(() => poll(url, attempt + 1, ticket, 0), Math.min(150 * (attempt + 1), 1000));
    } else {
      complete(submission);
    }
  }

  function progress(submission) {
    render(submission);
    const verdict = document.getElementById("verdict");
    if (!revealed && verdict) { revealed = true; reveal(verdict); }
  }

  function complete(submission) {
    render(submission);
    const verdict = document.getElementById("verdict");
    finished();
    if (verdict) reveal(verdict);
    markState(submission.verdict === "passed" ? "solved" : "attempted");
    addRecent(submission);
    if (submission.verdict === "passed") { const next = document.getElementById("next-exercise"); if (next) next.focus({ preventScroll: true }); }
  }

  // Results pushed by the server (server-sent events): each test as it finishes, then the
  // verdict. One ordinary read gives the shape to fill in (the names of pending tests).
  // Any trouble with the stream (no EventSource, a proxy that buffers, a dropped
  // connection, an expired session) falls back to polling, which handles all of those.
  function follow(url, ticket) {
    if (!window.EventSource) { poll(url, 0, ticket, 0); return; }
    const source = new EventSource(url + "/events", { withCredentials: true });
    const arrived = new Map();
    let current = null, status = null, over = false;
    const stale = () => { if (ticket === polling) return false; source.close(); return true; };
    function show() {
      if (!current || over || stale()) return;
      const names = new Set(current.tests ? current.tests.map((t) => t.name) : []);
      const tests = (current.tests || []).map((t) => arrived.get(t.name) || t);
      arrived.forEach((t, name) => { if (!names.has(name)) tests.push(t); });
      progress(Object.assign({}, current, { status: status || current.status, tests: tests }));
    }
    source.addEventListener("status", (e) => { status = JSON.parse(e.data).status; show(); });
    source.addEventListener("test", (e) => { const t = JSON.parse(e.data); arrived.set(t.name, t); show(); });
    source.addEventListener("verdict", (e) => {
      over = true;
      source.close();
      if (!stale()) complete(JSON.parse(e.data));
    });
    source.onerror = () => {
      if (over) return;
      over = true;
      source.close();
      if (ticket === polling) poll(url, 0, ticket, 0);
    };
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => {
        if (!s || over) return;
        if (s.status !== "done") { current = s; show(); return; }
        over = true;  // graded before the stream said so: the read has the whole verdict
        source.close();
        if (!stale()) complete(s);
      })
      .catch(() => {});
  }

  function tooLarge(size, what) {
    if (size <= maxBytes) return false;
    showMessage("error", "Not " + what + ": your code is over the " + kib(maxBytes) + " limit (see the message above).");
    announce("Not " + what + ": your code is too long.");
    sizeWarning.scrollIntoView({ block: "center" });
    return true;
  }

  async function submit(retry) {
    if (submitButton.disabled && retry === 0) return;
    const text = getCode();
    const size = byteLength(text);
    if (tooLarge(size, "submitted")) return;
    submitButton.disabled = true;
    if (runButton) runButton.disabled = true;
    clearTimeout(draftTimer);
    polling += 1;  // an older submission's poll must not draw over this one
    revealed = false;
    showMessage("pending", retry ? "Sending your code again…" : "Sending your code…");
    announce("Sending your code…");
    let r;
    try { r = await api("POST", "/exercises/" + slug + "/submissions", { code: text }); }
    catch (e) {
      keepLocally();
      if (retry < 5) {
        showMessage("warning", "The server is not reachable; trying again (" + (retry + 1) + " of 5)…");
        setTimeout(() => submit(retry + 1), 1500 * (retry + 1));
      } else {
        showMessage("error", "Could not reach the server, so your code was not submitted. It is kept in this browser; " +
          "press Submit again when you are back online.");
        finished();
      }
      return;
    }
    if (r.status === 401) { sessionExpired(); return; }
    if (r.status === 413) { showMessage("error", tooLargeText(size)); finished(); return; }
    if (r.status === 429) { showMessage("warning", await slowDown(r)); finished(); return; }
    if (r.status >= 500 && retry < 5) { setTimeout(() => submit(retry + 1), 1500 * (retry + 1)); return; }
    if (!r.ok) { showMessage("error", "Not submitted: " + (await problemText(r))); finished(); return; }
    saveDraft();
    const accepted = await r.json();
    // Sent and stored; whether it waits for a grader or is being graded, the server says next.
    showMessage("pending", "Sent. Checking on your submission…");
    follow(accepted.url, polling);
  }
  submitButton.addEventListener("click", () => submit(0));

  async function slowDown(r) {
    const wait = Number(r.headers.get("Retry-After")) || 0;
    const detail = await problemText(r);
    return (detail ? detail + " " : "") + (wait ? "Try again in " + wait + " second" + (wait === 1 ? "" : "s") + "." : "Try again in a moment.");
  }

  // ----- Run: the code as a script (git: the commands on a fresh repository), not graded
  async function run() {
    if (!runButton || runButton.disabled) return;
    const text = getCode();
    if (tooLarge(byteLength(text), "run")) return;
    runButton.disabled = true;
    polling += 1;  // a submission still polling must not draw over the run's output
    const busy = el("div", { class: "alert pending", role: "status", id: "run-output" }, "Running…");
    body.replaceChildren(busy);
    reveal(busy);
    announce("Running…");
    const payload = { code: text, stdin: stdinBox && !git ? stdinBox.value : "", exercise: slug };
    let r;
    try { r = await api("POST", "/run", payload); }
    catch (e) {
      keepLocally();
      showMessage("error", "Could not reach the server, so your code did not run. Try again when you are back online.");
      runButton.disabled = false;
      return;
    }
    runButton.disabled = false;
    if (r.status === 401) { sessionExpired(); return; }
    if (r.status === 413) { showMessage("error", tooLargeText(byteLength(text))); return; }
    if (r.status === 429) { showMessage("warning", await slowDown(r)); return; }
    if (!r.ok) { showMessage("error", "Could not run your code: " + (await problemText(r))); return; }
    const result = await r.json();
    const out = feedback.renderRun(result, { kind: root.dataset.kind, limits: limits, headId: "run-status" });
    if (root.dataset.console === "true" && result.status === "ok" && !result.stdout) {
      // Running an app's module only creates the app (the server's explanation says so): the console sends it a request.
      const open = el("a", { href: "#request-console", class: "button secondary small" }, "Open the request console");
      open.addEventListener("click", () => { document.getElementById("request-console").open = true; });
      if (!result.explanation) out.nodes.push(el("p", { class: "muted small" }, "Your code defines a web app; running it only creates the app."));
      out.nodes.push(el("p", {}, open));
    }
    const stdinDetails = document.getElementById("stdin-details");
    if (stdinDetails && stdinDetails.hidden && result.reads_input) {
      // The code read input the exercise does not give it: offer the box for the next run.
      stdinDetails.hidden = false;
      stdinDetails.open = true;
    }
    const panel = el("div", { id: "run-output", class: "run-output" }, ...out.nodes);
    body.replaceChildren(panel);
    reveal(panel);
    announce(out.headline);
  }
  if (runButton) runButton.addEventListener("click", () => run());

  // ----- the request console (web-app exercises): one request to the learner's app
  const consoleForm = document.getElementById("console-form");
  if (consoleForm) {
    const consoleOut = document.getElementById("console-response");
    const consoleError = (text) => consoleOut.replaceChildren(el("div", { class: "alert", role: "alert" }, text));
    consoleForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const send = document.getElementById("console-send");
      const method = document.getElementById("console-method").value;
      let path = document.getElementById("console-path").value.trim() || "/";
      if (!path.startsWith("/")) path = "/" + path;
      const headers = {};
      const lines = document.getElementById("console-headers").value.split("\n");
      for (const [index, line] of lines.entries()) {
        if (!line.trim()) continue;
        const colon = line.indexOf(":");
        if (colon < 1) { consoleError("Header line " + (index + 1) + " needs a name and a value: Name: value"); return; }
        headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      const requestBody = document.getElementById("console-body").value;
      const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
      let note = "";
      if (requestBody.trim()) {
        try { JSON.parse(requestBody); if (!hasType) headers["Content-Type"] = "application/json"; }
        catch (e) { note = "The body is not valid JSON; it was sent as you typed it."; }
      }
      send.disabled = true;
      consoleOut.replaceChildren(el("div", { class: "alert pending", role: "status" }, "Sending " + method + " " + path + " to your app…"));
      let r;
      try {
        r = await api("POST", "/exercises/" + slug + "/request",
          { code: getCode(), method: method, path: path, headers: headers, body: requestBody });
      } catch (e) { send.disabled = false; consoleError("Could not reach the server. Try again when you are back online."); return; }
      send.disabled = false;
      if (r.status === 401) { sessionExpired(); return; }
      if (r.status === 429) { consoleError(await slowDown(r)); return; }
      if (!r.ok) { consoleError("Could not send the request: " + (await problemText(r))); return; }
      const out = feedback.renderResponse(await r.json(), { kind: root.dataset.kind, limits: limits });
      if (note) out.nodes.unshift(el("p", { class: "alert warning" }, note));
      consoleOut.replaceChildren(...out.nodes);
      reveal(consoleOut);
    });
  }
})();
