// A lesson's Python blocks, runnable in place: Run under each block, "Edit & run" opens a small
// editor (CodeMirror from editor.js, loaded on first use; a plain textarea until then or
// without it), Reset restores the lesson's code. Blocks run the way the lesson gate runs them:
// a `continue` block after the blocks it builds on (as the learner has edited them), a block
// with input gets that input in its box. Output comes from POST /api/v1/run (never graded).
(function () {
  "use strict";
  const data = document.getElementById("lesson-snippets");
  const article = document.getElementById("lesson-body");
  if (!data || !article) return;
  const snippets = JSON.parse(data.textContent);
  const signedIn = article.dataset.signedIn === "true";
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const feedback = window.pyroadFeedback;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => { if (c !== null && c !== undefined && c !== "") node.append(c); });
    return node;
  }

  // Pygments drops leading and trailing blank lines, Markdown a fence's indentation: compare
  // what is left of each line.
  const norm = (text) => text.split("\n").map((line) => line.trim()).join("\n").trim();
  const same = (a, b) => norm(a) === norm(b);

  // The page's Python blocks, in order, are the lesson's snippets in order; other blocks
  // (shell sessions, output) are skipped by their text, and a snippet that matches no block
  // is skipped rather than holding up the ones after it.
  const blocks = [];
  let next = 0;
  article.querySelectorAll("pre.highlight").forEach((pre) => {
    for (let j = next; j < snippets.length; j += 1) {
      if (same(pre.textContent, snippets[j].code)) {
        blocks.push({ pre: pre, snippet: snippets[j], index: j });
        next = j + 1;
        return;
      }
    }
  });

  // What runs before each snippet: the snippets of the example it continues (the gate's chain).
  const before = [];
  let chain = [];
  snippets.forEach((snippet, i) => {
    const continues = snippet.prelude !== "";
    before.push(continues ? chain.slice() : []);
    if (!snippet.raises) chain = continues ? [...chain, i] : [i];
  });
  const byIndex = new Map(blocks.map((block) => [block.index, block]));
  blocks.forEach((block) => { block.before = before[block.index]; });

  // As the learner has edited them: a change to an earlier block carries into the blocks after it.
  const current = (block) => (block.editor ? block.editor.get() : block.snippet.code);
  const codeOf = (i) => (byIndex.has(i) ? current(byIndex.get(i)) : snippets[i].code);
  const program = (block) => {
    const prelude = block.before.map(codeOf).join("\n");
    return prelude ? prelude + "\n" + current(block) : current(block);
  };

  // editor.js is the exercise page's 400 KiB bundle: fetched once, when a block is first edited.
  let editorBundle = null;
  function loadEditor() {
    if (window.pyroadMount) return Promise.resolve(window.pyroadMount);
    if (!editorBundle) {
      editorBundle = new Promise((resolve) => {
        const script = el("script", { src: "/static/editor.js" });
        script.onload = () => resolve(window.pyroadMount || null);
        script.onerror = () => resolve(null);
        document.head.append(script);
      });
    }
    return editorBundle;
  }

  function textareaEditor(textarea) {
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey) {
        event.preventDefault();
        textarea.setRangeText("    ", textarea.selectionStart, textarea.selectionEnd, "end");
      }
    });
    return { get: () => textarea.value, set: (text) => { textarea.value = text; }, focus: () => textarea.focus() };
  }

  async function run(block) {
    block.runButton.disabled = true;
    const busy = el("div", { class: "alert pending", role: "status" }, "Running…");
    block.output.replaceChildren(busy);
    let r;
    try {
      r = await fetch("/api/v1/run", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
        body: JSON.stringify({ code: program(block), stdin: block.stdin ? block.stdin.value : block.snippet.stdin, exercise: null }),
        credentials: "same-origin",
      });
    } catch (e) {
      block.runButton.disabled = false;
      block.output.replaceChildren(el("div", { class: "alert", role: "alert" }, "Could not reach the server. Try again when you are back online."));
      return;
    }
    block.runButton.disabled = false;
    if (r.status === 401) {
      block.output.replaceChildren(el("div", { class: "alert warning", role: "alert" }, "Your session has expired. ",
        el("a", { href: "/login?next=" + encodeURIComponent(location.pathname) }, "Log in again")));
      return;
    }
    if (!r.ok) {
      let detail = r.statusText;
      try { const p = await r.json(); detail = p.detail || p.title || detail; } catch (e) { /* not JSON */ }
      const wait = Number(r.headers.get("Retry-After")) || 0;
      block.output.replaceChildren(el("div", { class: "alert warning", role: "alert" },
        "Could not run this code: " + detail + (wait ? " Try again in " + wait + " s." : "")));
      return;
    }
    const result = await r.json();
    const out = feedback.renderRun(result, { kind: "python", lesson: true });
    if (block.snippet.raises && result.traceback) {
      out.nodes.splice(1, 0, el("p", { class: "muted small" }, "This example raises " + block.snippet.raises + " on purpose."));
    }
    block.output.replaceChildren(...out.nodes);
    // The edited code reads input the example does not give: offer the box for the next run.
    if (result.reads_input && !block.stdinBox) showStdin(block);
  }

  async function edit(block) {
    if (block.editor) { block.editor.focus(); return; }
    const box = el("div", { class: "snippet-editor" });
    const textarea = el("textarea", { class: "snippet-code", spellcheck: "false", autocapitalize: "off", autocomplete: "off",
      "aria-label": "Code of example " + (block.index + 1), rows: String(Math.min(20, block.snippet.code.split("\n").length + 1)),
      "data-language": "python" });
    textarea.value = block.snippet.code;
    box.append(textarea);
    block.pre.replaceWith(box);
    block.box = box;
    block.editor = textareaEditor(textarea);
    block.editButton.hidden = true;
    block.resetButton.hidden = false;
    if (block.snippet.stdin || block.stdin) showStdin(block);
    textarea.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); run(block); }
    });
    block.editor.focus();
    const mount = await loadEditor();
    if (mount && box.isConnected && textarea.isConnected) {
      const typed = textarea.value;
      const view = mount(textarea);
      view.set(typed);
      textarea.addEventListener("pyroad-submit", () => run(block));
      textarea.addEventListener("pyroad-run", () => run(block));
      block.editor = view;
      view.focus();
    }
  }

  function reset(block) {
    if (!block.box) return;
    block.box.replaceWith(block.pre);
    block.box = null;
    block.editor = null;
    block.editButton.hidden = false;
    block.resetButton.hidden = true;
    if (block.stdin) block.stdin.value = block.snippet.stdin;
    block.output.replaceChildren();
    block.editButton.focus();
  }

  function showStdin(block) {
    if (block.stdinBox) return;
    const id = "snippet-stdin-" + block.index;
    const input = el("textarea", { id: id, rows: "2", spellcheck: "false", autocapitalize: "off" });
    input.value = block.snippet.stdin;
    block.stdin = input;
    block.stdinBox = el("div", { class: "snippet-stdin" }, el("label", { for: id }, "Input for this program (what input() reads)"), input);
    block.tools.before(block.stdinBox);
  }

  blocks.forEach((block) => {
    const tools = el("div", { class: "snippet-tools" });
    block.tools = tools;
    block.output = el("div", { class: "snippet-output", "aria-live": "polite" });
    if (!signedIn) {
      tools.append(el("a", { href: "/signup?next=" + encodeURIComponent(location.pathname), class: "small" }, "Sign up to run code"),
        el("span", { class: "muted" }, "and edit these examples in place."));
      block.pre.after(tools);
      return;
    }
    block.runButton = el("button", { type: "button", class: "button snippet-run" }, "Run");
    block.editButton = el("button", { type: "button", class: "button secondary snippet-edit" }, "Edit & run");
    block.resetButton = el("button", { type: "button", class: "button secondary snippet-reset", hidden: "" }, "Reset");
    block.runButton.addEventListener("click", () => run(block));
    block.editButton.addEventListener("click", () => edit(block));
    block.resetButton.addEventListener("click", () => reset(block));
    tools.append(block.runButton, block.editButton, block.resetButton);
    if (block.before.length) tools.append(el("span", { class: "muted" }, "Runs after the example's earlier blocks."));
    block.pre.after(tools, block.output);
    if (block.snippet.stdin) showStdin(block);
  });
})();
