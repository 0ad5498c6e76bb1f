// Mentoring in the page: the unread-feedback count in the nav, line comments on a submission
// (numbered lines, comments under their line, a comment form per line for mentors), "Ask for
// help" on an exercise, resolving help requests and commenting a group of solutions.
// Comment HTML comes sanitised from the server (nh3); everything else is inserted as text.
(function () {
  "use strict";
  if (window.pyroadComments) return; // included by several parts of one page
  window.pyroadComments = true;

  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => { if (c !== null && c !== undefined && c !== "") node.append(c); });
    return node;
  }

  async function api(method, url, body) {
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((data && data.detail) || `the server answered ${response.status}`);
    }
    return data;
  }

  // ---- nav: unread count ------------------------------------------------------------------
  async function unreadCount() {
    const badge = document.getElementById("nav-feedback-count");
    if (!badge) return;
    try {
      const data = await api("GET", "/api/v1/feedback/unread");
      badge.textContent = data.unread ? String(data.unread) : "";
      badge.hidden = !data.unread;
      badge.setAttribute("aria-label", `${data.unread} unread`);
    } catch (_) { /* the count is a convenience: the feedback page has it too */ }
  }

  // ---- line comments on a submission ------------------------------------------------------
  function commentNode(c, unread) {
    const when = new Date(c.created_at);
    const meta = el("p", { class: "comment-meta" }, el("strong", {}, c.author), ` · ${when.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    if (c.line) meta.append(` · line ${c.line}`);
    const body = el("div", { class: "comment-body" });
    body.innerHTML = c.body_html; // sanitised by the server (nh3): no script, no handlers
    return el("article", { class: "comment" + (unread ? " unread" : ""), id: `comment-${c.id}`, "data-line": c.line || "" }, meta, body);
  }

  async function submissionComments(section) {
    const id = section.dataset.submissionId;
    const status = document.getElementById("comments-status");
    const list = document.getElementById("comment-lines");
    const general = document.getElementById("comments-general");
    const form = document.getElementById("comment-form");
    const code = document.getElementById("submission-code");
    let data;
    try {
      data = await api("GET", `/api/v1/submissions/${id}/comments`);
    } catch (error) {
      status.textContent = `Comments could not be loaded: ${error.message}`;
      return;
    }
    const title = document.getElementById("comments-title");
    if (data.can_comment) {
      title.textContent = "Comments";
      const help = document.getElementById("help-request");
      if (help) help.remove(); // staff reading a learner's work: asking is the learner's
    }
    if (!data.comments.length && !data.can_comment) {
      // Nothing to read yet: only the "Ask for help" box (if the learner has mentors) stays.
      title.hidden = true;
      status.hidden = true;
      const help = document.getElementById("help-request");
      if (!help || help.hidden) section.hidden = true;
      return;
    }
    status.textContent = data.comments.length
      ? `${data.comments.length} comment${data.comments.length === 1 ? "" : "s"}.`
      : "No comments yet: choose a line to comment on it, or comment on the whole submission.";
    const byLine = new Map();
    data.comments.forEach((c) => {
      const key = c.line || 0;
      if (!byLine.has(key)) byLine.set(key, []);
      byLine.get(key).push(c);
    });
    const lines = (code ? code.textContent : "").split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    let formLine = null;

    function openForm(line, after) {
      formLine = line;
      document.getElementById("comment-label").textContent = line ? `Comment on line ${line}` : "Comment on the whole submission";
      after.after(form);
      form.hidden = false;
      document.getElementById("comment-error").hidden = true;
      document.getElementById("comment-body").focus();
    }

    lines.forEach((text, index) => {
      const n = index + 1;
      const thread = byLine.get(n) || [];
      const item = el("li", { id: `line-${n}`, class: thread.length ? "has-comment" : "" },
        el("span", { class: "num" }, String(n)), el("span", { class: "text" }, text || " "));
      if (data.can_comment) {
        const button = el("button", { type: "button", class: "comment-line", "data-line": String(n), "aria-label": `Comment on line ${n}` }, "+ comment");
        button.addEventListener("click", () => openForm(n, item));
        item.append(button);
      } else {
        item.append(el("span"));
      }
      if (thread.length) {
        item.append(el("div", { class: "comment-thread" }, ...thread.map((c) => commentNode(c, !c.read_at))));
      }
      list.append(item);
    });
    (byLine.get(0) || []).forEach((c) => general.append(commentNode(c, !c.read_at)));
    list.hidden = false;
    if (code) {
      // The numbered copy, with its comments, takes the place of the plain code.
      code.after(list);
      code.hidden = true;
    }
    if (data.can_comment) {
      const whole = el("button", { type: "button", class: "button secondary small", id: "comment-whole" }, "Comment on the whole submission");
      whole.addEventListener("click", () => openForm(null, whole));
      general.after(whole);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = document.getElementById("comment-body");
        const error = document.getElementById("comment-error");
        try {
          await api("POST", `/api/v1/submissions/${id}/comments`, { line: formLine, body: body.value });
          window.location.reload();
        } catch (e) {
          error.textContent = e.message;
          error.hidden = false;
        }
      });
      document.getElementById("comment-cancel").addEventListener("click", () => { form.hidden = true; });
    } else if (data.comments.some((c) => !c.read_at)) {
      // The learner is reading them now: mark them read (the nav count drops).
      api("POST", `/api/v1/submissions/${id}/comments/read`).then(unreadCount).catch(() => {});
    }
    if (window.location.hash.startsWith("#line-")) {
      const target = document.getElementById(window.location.hash.slice(1));
      if (target) target.scrollIntoView({ block: "center" });
    }
  }

  // ---- ask for help ------------------------------------------------------------------------
  async function helpRequest(box) {
    const slug = box.dataset.slug;
    const status = document.getElementById("help-status");
    const form = document.getElementById("help-form");
    const withdraw = document.getElementById("help-withdraw");
    let current = null;
    function show(request) {
      current = request;
      withdraw.hidden = !request;
      status.textContent = request
        ? "A mentor of your class will look at this exercise with you. You can update your message."
        : "";
      if (request) document.getElementById("help-message").value = request.message;
    }
    try {
      const found = await api("GET", `/api/v1/exercises/${slug}/help`);
      if (!found.can_ask) return; // in no cohort: there is no mentor to ask
      box.hidden = false;
      const holder = box.closest("section.comments");
      if (holder) holder.hidden = false;
      show(found.request);
    } catch (_) {
      return;
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const body = { message: document.getElementById("help-message").value };
        if (box.dataset.submissionId) body.submission_id = Number(box.dataset.submissionId);
        show(await api("POST", `/api/v1/exercises/${slug}/help`, body));
        status.textContent = "Sent: you are in your mentors' help queue.";
      } catch (e) {
        status.textContent = e.message;
      }
    });
    withdraw.addEventListener("click", async () => {
      if (!current) return;
      try {
        await api("POST", `/api/v1/help/${current.id}/withdraw`);
        show(null);
        status.textContent = "Withdrawn: you are no longer in the help queue.";
      } catch (e) {
        status.textContent = e.message;
      }
    });
  }

  // ---- staff pages: resolve a help request, comment a group ---------------------------------
  function resolveButtons() {
    document.querySelectorAll("button.resolve-help").forEach((button) => {
      button.addEventListener("click", async () => {
        try {
          await api("POST", `/api/v1/cohorts/${button.dataset.cohort}/help/${button.dataset.id}/resolve`);
          const row = document.getElementById(`help-${button.dataset.id}`);
          if (row) row.remove();
        } catch (e) {
          const error = document.getElementById("queue-error");
          error.textContent = e.message;
          error.hidden = false;
        }
      });
    });
  }

  function groupForms() {
    document.querySelectorAll("form.group-comment").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const status = form.querySelector(".group-status");
        const { cohort, slug, shape } = form.dataset;
        try {
          const sent = await api("POST", `/api/v1/cohorts/${cohort}/exercises/${slug}/groups/${shape}/comments`,
            { body: form.querySelector("textarea").value });
          status.textContent = `Sent to ${sent.sent} learner${sent.sent === 1 ? "" : "s"}.`;
          form.querySelector("textarea").value = "";
        } catch (e) {
          status.textContent = e.message;
        }
      });
    });
  }

  function start() {
    unreadCount();
    const section = document.getElementById("comments");
    if (section) submissionComments(section);
    const help = document.getElementById("help-request");
    if (help) helpRequest(help);
    resolveButtons();
    groupForms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
