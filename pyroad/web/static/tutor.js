// The tutor box of the exercise page: sends the question (with the editor's code, so a
// question before any submission is about what the learner sees) to /api/v1/tutor/questions
// and shows the answer. The answer is Markdown rendered escape-first by markdown.js; the
// lesson sections are links; "Show hint N" reveals the next hint through the hints box.
(function () {
  "use strict";
  const box = document.getElementById("tutor");
  const root = document.getElementById("exercise");
  if (!box || !root) return;
  const slug = root.dataset.slug;
  const form = document.getElementById("tutor-form");
  const question = document.getElementById("tutor-question");
  const askButton = document.getElementById("tutor-ask");
  const whyButton = document.getElementById("tutor-why");
  const count = document.getElementById("tutor-count");
  const out = document.getElementById("tutor-answer");
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const LIMIT = 2000;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  }

  function markdown(text) {
    const div = el("div", { class: "prose tutor-text" });
    if (window.pyroadMarkdown) div.innerHTML = window.pyroadMarkdown.render(text);
    else div.textContent = text;
    return div;
  }

  function code() {
    if (window.pyroadEditor) return window.pyroadEditor.get();
    const area = document.getElementById("code");
    return area ? area.value : "";
  }

  function updateCount() {
    const n = question.value.length;
    count.textContent = n + " / " + LIMIT;
    count.classList.toggle("over", n > LIMIT);
  }
  question.addEventListener("input", updateCount);

  function show(answer) {
    const parts = [markdown(answer.answer)];
    // A model's words may not carry the links: list the sections whoever wrote the answer.
    if (answer.source === "llm" && answer.sections.length) {
      const list = el("ul", { class: "tutor-sections" });
      for (const s of answer.sections) list.append(el("li", {}, el("a", { href: s.url }, s.title)));
      parts.push(el("p", { class: "small" }, "Lesson sections:"), list);
    }
    const hintButton = document.getElementById("hint-button");
    if (answer.next_hint && hintButton && !hintButton.disabled) {
      const reveal = el("button", { type: "button", class: "button secondary small", id: "tutor-hint" },
        "Show hint " + answer.next_hint.number + " of " + answer.next_hint.total);
      reveal.addEventListener("click", () => {
        hintButton.click();
        reveal.remove();
        const hints = document.getElementById("hint-list");
        if (hints) hints.scrollIntoView({ block: "nearest" });
      });
      parts.push(el("p", {}, reveal));
    }
    if (answer.fallback) parts.push(el("p", { class: "muted small" }, "(Answered offline: " + answer.fallback + ".)"));
    out.replaceChildren(el("p", { class: "tutor-asked muted small" }, "You asked: " + answer.question), ...parts);
  }

  async function problem(response) {
    try { const body = await response.json(); return body.detail || response.statusText; }
    catch (e) { return "The tutor could not answer (" + response.status + ")."; }
  }

  async function ask(text) {
    askButton.disabled = whyButton.disabled = true;
    out.replaceChildren(el("p", { class: "alert pending" }, "The tutor is thinking…"));
    let response;
    try {
      response = await fetch("/api/v1/tutor/questions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
        body: JSON.stringify({ question: text, exercise: slug, code: code() }),
        credentials: "same-origin",
      });
    } catch (e) {
      out.replaceChildren(el("p", { class: "alert" }, "Offline: ask again when you are connected."));
      askButton.disabled = whyButton.disabled = false;
      return;
    }
    if (response.ok) show(await response.json());
    else out.replaceChildren(el("p", { class: "alert", role: "alert" }, await problem(response)));
    askButton.disabled = whyButton.disabled = false;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(question.value);
  });
  whyButton.addEventListener("click", () => {
    question.value = "Why does this fail?";
    updateCount();
    ask(question.value);
  });
})();
