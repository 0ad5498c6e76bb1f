// The exercise page: submit, poll for the verdict, render per-test results, drafts, hints.
(function () {
  "use strict";
  const root = document.getElementById("exercise");
  if (!root) return;
  const slug = root.dataset.slug;
  const maxBytes = Number(root.dataset.maxBytes);
  const code = document.getElementById("code");
  const results = document.getElementById("results");
  const submitButton = document.getElementById("submit");
  const draftStatus = document.getElementById("draft-status");
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const localKey = "pyroad-draft:" + slug;

  function api(method, path, body) {
    return fetch("/api/v1" + path, {
      method: method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showMessage(kind, text, link) {
    results.replaceChildren();
    const box = el("div", { class: "alert " + kind, role: "alert" }, text);
    if (link) { box.append(" "); box.append(el("a", { href: link.href }, link.text)); }
    results.append(box);
  }

  async function problemText(response) {
    try { const p = await response.json(); return p.detail || p.title; } catch (e) { return response.statusText; }
  }

  function sessionExpired() {
    localStorage.setItem(localKey, code.value);
    showMessage("warning", "Your session has expired. Your code is kept in this browser.",
      { href: "/login?next=/exercises/" + slug, text: "Log in again to continue." });
  }

  function byteLength(text) { return new TextEncoder().encode(text).length; }

  // ----- drafts: saved to the server (follows you across devices), mirrored locally
  let draftTimer = null;
  async function saveDraft() {
    localStorage.setItem(localKey, code.value);
    if (byteLength(code.value) > maxBytes) { draftStatus.textContent = "Too long to save."; return; }
    try {
      const r = await api("PUT", "/exercises/" + slug + "/draft", { code: code.value });
      if (r.status === 401) { sessionExpired(); return; }
      draftStatus.textContent = r.ok ? "Draft saved." : "Draft not saved: " + (await problemText(r));
      if (r.ok) localStorage.removeItem(localKey);
    } catch (e) { draftStatus.textContent = "Offline: draft kept in this browser."; }
  }
  code.addEventListener("input", () => {
    draftStatus.textContent = "Editing…";
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 800);
  });
  const unsaved = localStorage.getItem(localKey);
  if (unsaved !== null && unsaved !== code.value) {
    code.value = unsaved;
    draftStatus.textContent = "Restored your unsaved draft from this browser.";
    saveDraft();
  }

  document.getElementById("reset").addEventListener("click", () => {
    if (!confirm("Replace your code with the starter code?")) return;
    code.value = document.getElementById("starter").innerHTML
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    saveDraft();
  });

  // Tab inserts four spaces in the plain editor.
  code.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); submit(); }
    else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      const start = code.selectionStart;
      code.setRangeText("    ", start, code.selectionEnd, "end");
    }
  });

  // ----- hints, one at a time
  const hintButton = document.getElementById("hint-button");
  hintButton.addEventListener("click", async () => {
    const r = await api("POST", "/exercises/" + slug + "/hints");
    if (r.status === 401) { sessionExpired(); return; }
    if (!r.ok) return;
    const data = await r.json();
    const list = document.getElementById("hint-list");
    list.replaceChildren(...data.hints.map((h) => el("li", {}, h)));
    document.getElementById("hint-count").textContent = data.revealed;
    hintButton.disabled = data.revealed >= data.total;
  });

  // ----- submit and poll
  const LABELS = { passed: "Passed", failed: "Failed", error: "Error", "not-run": "Not run" };
  const VERDICTS = {
    passed: "All tests passed!", failed: "Some tests failed.", error: "Your code raised an error.",
    timeout: "Time limit exceeded.", memory: "Memory limit exceeded.", "output-limit": "Too much output.",
    internal: "We could not grade this submission.",
  };

  function render(submission) {
    results.replaceChildren();
    const done = submission.status === "done";
    const head = el("div", { class: "verdict-box " + (done ? submission.verdict : "pending") });
    head.append(el("strong", {}, done ? VERDICTS[submission.verdict] || submission.verdict : "Running tests…"));
    if (done && submission.summary) head.append(el("p", {}, submission.summary));
    results.append(head);
    if (submission.traceback) {
      results.append(el("pre", { class: "traceback" }, submission.traceback));
      if (submission.explanation) results.append(el("p", { class: "explain" }, submission.explanation));
    }
    const list = el("ol", { class: "tests" });
    (submission.tests || []).forEach((t) => {
      const item = el("li", { class: "test " + t.status });
      item.append(el("span", { class: "test-status" }, LABELS[t.status] || t.status), " ", el("span", { class: "test-name" }, t.name));
      if (t.message) item.append(el("pre", { class: "test-message" }, t.message));
      if (t.stdout) { item.append(el("div", { class: "muted small" }, "Your output:")); item.append(el("pre", { class: "stdout" }, t.stdout)); }
      list.append(item);
    });
    results.append(list);
    if (done && submission.verdict === "passed") {
      const next = submission.next_exercise;
      const link = el("a", { class: "button", id: "next-exercise", href: next ? "/exercises/" + next : "/dashboard" },
        next ? "Next exercise →" : "See your dashboard →");
      results.append(link);
    }
  }

  async function poll(url, attempt) {
    let r;
    try { r = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }); }
    catch (e) { setTimeout(() => poll(url, attempt + 1), 1000); return; }  // offline or restarting: keep trying
    if (r.status === 401) { sessionExpired(); return; }
    if (!r.ok) { showMessage("error", "Could not load the result: " + (await problemText(r))); return; }
    const submission = await r.json();
    render(submission);
    if (submission.status !== "done") setTimeout(() => poll(url, attempt + 1), Math.min(100 * (attempt + 1), 1000));
    else submitButton.disabled = false;
  }

  async function submit(retry) {
    if (byteLength(code.value) > maxBytes) {
      showMessage("error", "Your code is " + byteLength(code.value) + " bytes; the limit is " + maxBytes +
        " bytes (" + maxBytes / 1024 + " KiB). Submit only your solution.");
      return;
    }
    submitButton.disabled = true;
    showMessage("pending", "Submitting…");
    let r;
    try { r = await api("POST", "/exercises/" + slug + "/submissions", { code: code.value }); }
    catch (e) {
      retry = (retry || 0) + 1;
      if (retry <= 5) { showMessage("warning", "The server is not reachable; retrying (" + retry + "/5)…"); setTimeout(() => submit(retry), 1500 * retry); }
      else { showMessage("error", "Could not reach the server. Your code is kept; try again when you are back online."); submitButton.disabled = false; }
      localStorage.setItem(localKey, code.value);
      return;
    }
    if (r.status === 401) { sessionExpired(); submitButton.disabled = false; return; }
    if (!r.ok) { showMessage("error", await problemText(r)); submitButton.disabled = false; return; }
    const accepted = await r.json();
    poll(accepted.url, 0);
  }
  submitButton.addEventListener("click", () => submit(0));
})();
