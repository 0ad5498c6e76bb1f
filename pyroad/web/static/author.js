// Authoring pages: the desk (new draft, edit a published exercise, upload a zip) and the
// editor (save, check with the gate, publish; each problem shown next to its field).
// Everything goes through /api/v1/authoring; the session cookie plus the page's CSRF token.
(function () {
  "use strict";

  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const $ = (id) => document.getElementById(id);

  async function api(method, path, body, contentType) {
    const headers = { "X-CSRF-Token": csrf, Accept: "application/json" };
    let payload = body;
    if (body !== undefined && contentType === undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    } else if (contentType) {
      headers["Content-Type"] = contentType;
    }
    const response = await fetch("/api/v1/authoring" + path, {
      method, headers, body: payload, credentials: "same-origin",
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { status: response.status, ok: response.ok, data: data || {} };
  }

  function text(tag, content, className) {
    const node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  // ------------------------------------------------------------------ the desk
  const newButton = $("new-exercise");
  if (newButton) {
    newButton.addEventListener("click", async () => {
      newButton.disabled = true;
      const made = await api("POST", "/drafts");
      if (made.ok) window.location.href = "/author/drafts/" + made.data.id;
      else { newButton.disabled = false; alert(made.data.detail || "could not create a draft"); }
    });
    document.querySelectorAll(".edit-published").forEach((button) => {
      button.addEventListener("click", async () => {
        const made = await api("POST", "/exercises/" + encodeURIComponent(button.dataset.slug) + "/drafts");
        if (made.ok) window.location.href = "/author/drafts/" + made.data.id;
        else alert(made.data.detail || "could not open it");
      });
    });
  }
  const uploadForm = $("upload-form");
  if (uploadForm) {
    uploadForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const file = $("upload-file").files[0];
      const out = $("upload-result");
      out.replaceChildren(text("p", "Checking every exercise with the gate…", "muted"));
      if (!file) return;
      const sent = await api("POST", "/uploads", file, "application/zip");
      out.replaceChildren();
      if (sent.ok) {
        out.append(text("p", "Published " + sent.data.published.join(", ") + ".", "alert ok"));
        return;
      }
      const box = text("div", "", "alert");
      box.append(text("p", (sent.data.title || "Refused") + ": " + (sent.data.detail || "")));
      if (sent.data.errors) {
        const list = document.createElement("ul");
        sent.data.errors.forEach((e) => list.append(text("li", e.message)));
        box.append(list);
      }
      box.append(text("p", "Nothing was published."));
      out.append(box);
    });
  }

  // ------------------------------------------------------------------ the editor
  const form = $("author-form");
  if (!form) return;
  const draft = JSON.parse($("draft-data").textContent);
  const status = $("author-status");
  const summary = $("gate-summary");
  const SIMPLE = ["slug", "title", "step", "order", "difficulty", "minutes", "kind", "time_s", "memory_mb",
    "statement", "starter", "solution", "tests"];
  const LISTS = ["concepts", "lessons"];

  function problemSlot(name) {
    const slot = document.createElement("p");
    slot.className = "field-problem";
    slot.id = "problem-" + name;
    slot.setAttribute("role", "alert");
    slot.hidden = true;
    return slot;
  }

  function addItem(kind, value) {
    const box = $(kind === "hint" ? "hints" : kind);
    const index = box.children.length;
    const name = (kind === "hint" ? "hints" : kind) + "." + index;
    const item = document.createElement("div");
    item.className = kind === "hint" ? "hint-item" : "solution-item";
    const label = text("label", kind === "hint" ? "Hint " + (index + 1)
      : (kind === "wrong" ? "Wrong solution " : "Correct solution ") + (index + 1));
    label.htmlFor = "f-" + name;
    const area = document.createElement(kind === "hint" ? "input" : "textarea");
    area.id = "f-" + name;
    area.dataset.list = kind;
    if (kind !== "hint") { area.rows = 5; area.className = "code"; area.spellcheck = false; }
    area.value = value || "";
    const remove = text("button", "Remove", "button secondary small remove");
    remove.type = "button";
    remove.addEventListener("click", () => { item.remove(); renumber(kind); });
    item.append(label, area, problemSlot(name), remove);
    box.append(item);
    return area;
  }

  function renumber(kind) {
    const box = $(kind === "hint" ? "hints" : kind);
    Array.from(box.children).forEach((item, index) => {
      const name = (kind === "hint" ? "hints" : kind) + "." + index;
      const area = item.querySelector("[data-list]");
      area.id = "f-" + name;
      item.querySelector("label").htmlFor = area.id;
      item.querySelector("label").textContent = kind === "hint" ? "Hint " + (index + 1)
        : (kind === "wrong" ? "Wrong solution " : "Correct solution ") + (index + 1);
      item.querySelector(".field-problem").id = "problem-" + name;
    });
  }

  function fill(fields) {
    SIMPLE.forEach((name) => {
      const input = $("f-" + name);
      input.value = fields[name] === null || fields[name] === undefined ? "" : String(fields[name]);
    });
    LISTS.forEach((name) => { $("f-" + name).value = (fields[name] || []).join(", "); });
    (fields.hints || []).forEach((hint) => addItem("hint", hint));
    (fields.wrong || []).forEach((code) => addItem("wrong", code));
    (fields.right || []).forEach((code) => addItem("right", code));
  }

  function number(value, integer) {
    if (value.trim() === "") return null;
    const parsed = integer ? parseInt(value, 10) : parseFloat(value);
    return Number.isNaN(parsed) ? null : parsed;
  }

  function collect() {
    const fields = {};
    SIMPLE.forEach((name) => { fields[name] = $("f-" + name).value; });
    ["step", "order", "minutes", "memory_mb"].forEach((name) => { fields[name] = number(fields[name], true); });
    fields.time_s = number(fields.time_s, false);
    LISTS.forEach((name) => {
      fields[name] = $("f-" + name).value.split(",").map((s) => s.trim()).filter(Boolean);
    });
    const items = (kind) => Array.from(document.querySelectorAll('[data-list="' + kind + '"]')).map((a) => a.value);
    fields.hints = items("hint");
    fields.wrong = items("wrong");
    fields.right = items("right");
    return fields;
  }

  function clearProblems() {
    document.querySelectorAll(".field-problem").forEach((p) => { p.hidden = true; p.textContent = ""; });
    document.querySelectorAll(".has-problem").forEach((n) => n.classList.remove("has-problem"));
    summary.hidden = true;
    summary.className = "alert";
    summary.replaceChildren();
  }

  // Each problem next to its field; the summary lists them all with a link to each.
  function showProblems(problems, heading) {
    clearProblems();
    summary.hidden = false;
    summary.append(text("p", heading));
    const list = document.createElement("ul");
    problems.forEach((problem) => {
      const slot = $("problem-" + problem.field);
      const input = $("f-" + problem.field) || $(problem.field === "hints" ? "hints" : "f-" + problem.field);
      const item = document.createElement("li");
      if (slot) {
        slot.hidden = false;
        slot.textContent = (slot.textContent ? slot.textContent + "\n" : "") + problem.message;
        if (input) input.classList.add("has-problem");
        const link = text("a", problem.field.replace(".", " #").replace(/#(\d+)/, (m, n) => "#" + (Number(n) + 1)));
        link.href = "#" + (input ? input.id : slot.id);
        item.append(link, document.createTextNode(": " + problem.message));
      } else {
        item.textContent = problem.message;
      }
      list.append(item);
    });
    summary.append(list);
  }

  async function save() {
    status.textContent = "Saving…";
    const saved = await api("PUT", "/drafts/" + draft.id, collect());
    if (!saved.ok) {
      const errors = (saved.data.errors || []).map((e) => ({ field: e.field, message: e.message }));
      showProblems(errors, saved.data.detail || "The draft could not be saved.");
      status.textContent = "";
      return false;
    }
    status.textContent = "Saved.";
    $("editor-title").textContent = saved.data.fields.title || "A new exercise";
    return true;
  }

  function busy(on) {
    ["save", "check", "publish"].forEach((id) => { $(id).disabled = on; });
  }

  $("save").addEventListener("click", async () => { busy(true); await save(); busy(false); });

  $("check").addEventListener("click", async () => {
    busy(true);
    try {
      if (!(await save())) return;
      status.textContent = "Checking with the gate (the reference, the starter, every wrong solution, mutants)…";
      const checked = await api("POST", "/drafts/" + draft.id + "/check");
      status.textContent = "";
      if (checked.ok && checked.data.ok) {
        clearProblems();
        summary.hidden = false;
        summary.className = "alert ok";
        summary.textContent = "The gate passes: this exercise can be published.";
      } else if (checked.ok) {
        showProblems(checked.data.problems, checked.data.problems.length + " problem(s) to fix before publishing:");
      } else {
        showProblems([], checked.data.detail || "The check failed.");
      }
    } finally { busy(false); }
  });

  $("publish").addEventListener("click", async () => {
    busy(true);
    try {
      if (!(await save())) return;
      status.textContent = "Checking and publishing…";
      const done = await api("POST", "/drafts/" + draft.id + "/publish");
      status.textContent = "";
      if (done.ok) {
        clearProblems();
        draft.source_slug = done.data.slug;
        draft.base_version = done.data.version;
        summary.hidden = false;
        summary.className = "alert ok";
        summary.replaceChildren(text("span", "Published version " + done.data.version + " of " + done.data.slug + ". "));
        const link = text("a", "Open it as learners see it");
        link.href = done.data.url;
        link.id = "published-link";
        summary.append(link);
        $("draft-origin").textContent = "Editing version " + done.data.version + " of " + done.data.slug + ".";
      } else if (done.status === 422 && done.data.errors) {
        showProblems(done.data.errors, "Not published: " + done.data.errors.length + " problem(s) to fix:");
      } else {
        showProblems([], "Not published: " + (done.data.detail || "error " + done.status));
      }
    } finally { busy(false); }
  });

  $("add-hint").addEventListener("click", () => addItem("hint", "").focus());
  document.querySelectorAll(".add-solution").forEach((button) => {
    button.addEventListener("click", () => addItem(button.dataset.kind, "").focus());
  });

  // Preview with the server's renderer and sanitiser: what learners will see.
  const statement = $("f-statement");
  const preview = $("statement-preview");
  let timer = null;
  async function renderPreview() {
    const shown = await api("POST", "/preview", { markdown: statement.value });
    if (shown.ok) preview.innerHTML = shown.data.html;  // sanitised by nh3 on the server
  }
  statement.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(renderPreview, 300); });

  fill(draft.fields);
  renderPreview();
})();
