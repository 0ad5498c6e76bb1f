// The exercise page: drafts (server first, this browser as a fallback), hints one at a time,
// submit and poll with per-test results as they arrive, session expiry, offline retry.
// The code lives in <textarea id="code">; editor.js (CodeMirror) mirrors it when loaded.
(function () {
  "use strict";
  const root = document.getElementById("exercise");
  if (!root) return;
  const slug = root.dataset.slug;
  const maxBytes = Number(root.dataset.maxBytes);
  const timeLimit = Number(root.dataset.timeS);
  const memoryLimit = Number(root.dataset.memoryMb);
  const textarea = document.getElementById("code");
  const statusLine = document.getElementById("results-status");
  const body = document.getElementById("results-body");
  const submitButton = document.getElementById("submit");
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

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => { if (c !== null && c !== undefined && c !== "") node.append(c); });
    return node;
  }

  function announce(text) { if (statusLine.textContent !== text) statusLine.textContent = text; }

  function showMessage(kind, text, link) {
    const box = el("div", { class: "alert " + kind, role: kind === "pending" ? "status" : "alert" }, text);
    if (link) box.append(" ", el("a", { href: link.href }, link.text));
    body.replaceChildren(box);
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
  }

  const byteLength = (text) => new TextEncoder().encode(text).length;
  const kib = (n) => (n / 1024).toFixed(n < 10240 ? 1 : 0) + " KiB";
  function tooLargeText(size) {
    return "Your code is " + kib(size) + " (" + size.toLocaleString("en") + " bytes); the limit is " + kib(maxBytes) +
      ". Did you paste more than your solution? Remove the extra text, then run the tests.";
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

  // Without the editor bundle: Tab inserts four spaces, Ctrl/Cmd+Enter submits.
  textarea.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); submit(0); }
    else if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey) {
      event.preventDefault();
      textarea.setRangeText("    ", textarea.selectionStart, textarea.selectionEnd, "end");
      codeChanged();
    }
  });
  textarea.addEventListener("pyroad-submit", () => submit(0));

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
  const TEST_LABELS = { passed: "✓ Passed", failed: "✗ Failed", error: "! Error", "not-run": "– Not run", pending: "… Waiting" };
  const HEADLINES = {
    passed: "All tests passed!",
    failed: "Not yet: some tests failed.",
    error: root.dataset.kind === "git" ? "One of your commands failed." : "Your code raised an error.",
    timeout: "Time limit exceeded.",
    memory: "Memory limit exceeded.",
    "output-limit": "Too much output.",
    internal: "We could not grade this submission.",
  };
  const ADVICE = {
    timeout: () => "Your code ran for more than " + timeLimit + " seconds, so it was stopped. " +
      "Look for a loop that never ends, such as a while loop whose condition never becomes false.",
    memory: () => "Your code used more than " + memoryLimit + " MB of memory, so it was stopped. " +
      "Look for a list or string that grows without end, or recursion that never stops.",
    internal: () => "This is our fault, not yours. Try again in a moment.",
  };

  function outputBlock(title, text) {
    return el("div", { class: "output" }, el("div", { class: "output-title" }, title), el("pre", { class: "stdout" }, text));
  }

  function tracebackBlock(traceback, explanation) {
    const box = el("div", { class: "error-explained" });
    if (explanation) box.append(el("p", { class: "explain" }, el("strong", {}, "What this means: "), explanation));
    const title = root.dataset.kind === "git" ? "What went wrong" : "Traceback (your code only)";
    box.append(el("div", { class: "output-title" }, title), el("pre", { class: "traceback" }, traceback));
    return box;
  }

  function render(submission) {
    const done = submission.status === "done";
    const tests = submission.tests || [];
    const finished = tests.filter((t) => t.status !== "pending").length;
    const kind = done ? submission.verdict : "pending";
    let headline;
    if (done) headline = HEADLINES[submission.verdict] || submission.verdict;
    else if (submission.status === "queued") headline = "Waiting for a free grader…";
    else headline = tests.length ? "Running tests… " + finished + " of " + tests.length + " done" : "Running tests…";

    const head = el("div", { class: "verdict-box " + kind, id: "verdict" }, el("strong", { class: "headline" }, headline));
    if (done && submission.summary) {
      // "Time limit exceeded: your code ran…" under the headline "Time limit exceeded." says it twice.
      const summary = submission.summary.replace(/^(Time|Memory|Output) limit exceeded:\s*/, "");
      head.append(el("p", { class: "summary" }, summary.charAt(0).toUpperCase() + summary.slice(1)));
    }
    if (done && ADVICE[submission.verdict] && !submission.summary) head.append(el("p", {}, ADVICE[submission.verdict]()));
    const parts = [head];
    if (submission.traceback) parts.push(tracebackBlock(submission.traceback, submission.explanation));
    else if (done && submission.explanation) {
      // Some tests raised: what that exception means, once, above the per-test tracebacks.
      parts.push(el("p", { class: "explain" }, el("strong", {}, "What this means: "), submission.explanation));
    }
    if (done && submission.stdout && !tests.some((t) => t.stdout)) parts.push(outputBlock("Your printed output", submission.stdout));

    if (tests.length) {
      const passed = tests.filter((t) => t.status === "passed").length;
      const list = el("ol", { class: "tests", "aria-label": "Tests: " + passed + " of " + tests.length + " passed" });
      let lastNotRun = "";
      const seenTracebacks = new Map();
      tests.forEach((t) => {
        const item = el("li", { class: "test " + t.status },
          el("span", { class: "test-status" }, TEST_LABELS[t.status] || t.status), " ", el("span", { class: "test-name" }, t.name));
        // A hidden test shows only the rule it checks: never its input or expected value.
        if (t.hidden) item.append(" ", el("span", { class: "chip hidden-test", title: "Its input and expected result are not shown." }, "hidden"));
        if (t.status === "not-run") {
          // Say why once, not once per test.
          if (t.message && t.message !== lastNotRun) item.append(el("div", { class: "muted small" }, t.message));
          lastNotRun = t.message;
        } else if (t.message && t.status !== "passed") item.append(el("pre", { class: "test-message" }, t.message));
        if (t.traceback && seenTracebacks.has(t.traceback)) {
          item.append(el("div", { class: "muted small" }, "Same traceback as in “" + seenTracebacks.get(t.traceback) + "” above."));
        } else if (t.traceback) {
          seenTracebacks.set(t.traceback, t.name);
          item.append(tracebackBlock(t.traceback, ""));
        }
        if (t.stdout) item.append(outputBlock("Your printed output", t.stdout));
        list.append(item);
      });
      parts.push(list);
    }
    if (done && submission.verdict === "passed") {
      const next = submission.next_exercise;
      parts.push(el("a", { class: "button", id: "next-exercise", href: next ? "/exercises/" + next : "/roadmap" },
        next ? "Next exercise →" : "Back to the roadmap →"));
    }
    body.replaceChildren(...parts);
    announce(done ? headline + " " + (submission.summary || "") : headline);
  }

  // The badge above the statement follows the latest verdict without a reload.
  function markState(state) {
    const badge = root.querySelector(".statement .meta .badge");
    if (!badge || badge.classList.contains("solved")) return;
    badge.className = "badge " + state;
    badge.textContent = state === "solved" ? "✓ Solved" : "● Attempted";
  }

  let polling = 0;  // a newer submission stops the older poll
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
    if (r.status === 401) { sessionExpired(); return; }
    if (r.status >= 500) { setTimeout(() => poll(url, attempt + 1, ticket, failures + 1), 2000); return; }
    if (!r.ok) { showMessage("error", "Could not load the result: " + (await problemText(r))); submitButton.disabled = false; return; }
    const submission = await r.json();
    render(submission);
    if (submission.status !== "done") setTimeout(() => poll(url, attempt + 1, ticket, 0), Math.min(150 * (attempt + 1), 1000));
    else {
      submitButton.disabled = false;
      markState(submission.verdict === "passed" ? "solved" : "attempted");
      if (submission.verdict === "passed") { const next = document.getElementById("next-exercise"); if (next) next.focus(); }
    }
  }

  async function submit(retry) {
    if (submitButton.disabled && retry === 0) return;
    const text = getCode();
    const size = byteLength(text);
    if (size > maxBytes) {
      showMessage("error", "Not submitted: your code is over the " + kib(maxBytes) + " limit (see the message above).");
      announce("Not submitted: your code is too long.");
      sizeWarning.scrollIntoView({ block: "center" });
      return;
    }
    submitButton.disabled = true;
    clearTimeout(draftTimer);
    showMessage("pending", "Submitting…");
    let r;
    try { r = await api("POST", "/exercises/" + slug + "/submissions", { code: text }); }
    catch (e) {
      keepLocally();
      if (retry < 5) {
        showMessage("warning", "The server is not reachable; trying again (" + (retry + 1) + " of 5)…");
        setTimeout(() => submit(retry + 1), 1500 * (retry + 1));
      } else {
        showMessage("error", "Could not reach the server, so your code was not submitted. It is kept in this browser; " +
          "press Run tests again when you are back online.");
        submitButton.disabled = false;
      }
      return;
    }
    if (r.status === 401) { sessionExpired(); return; }
    if (r.status === 413) { showMessage("error", tooLargeText(size)); submitButton.disabled = false; return; }
    if (r.status >= 500 && retry < 5) { setTimeout(() => submit(retry + 1), 1500 * (retry + 1)); return; }
    if (!r.ok) { showMessage("error", "Not submitted: " + (await problemText(r))); submitButton.disabled = false; return; }
    saveDraft();
    const accepted = await r.json();
    polling += 1;
    render({ status: "queued", tests: [] });
    poll(accepted.url, 0, polling, 0);
  }
  submitButton.addEventListener("click", () => submit(0));
})();
