// What a learner reads after Submit or Run: the verdict and per-test results, the output of a
// run, the answer of their web app. Shared by the exercise page, the submission page and the
// lesson page. Messages are Markdown (markdown.js renders them escape-first); differences
// between expected and actual text are highlighted at their first differing character.
(function () {
  "use strict";
  const md = window.pyroadMarkdown;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => { if (c !== null && c !== undefined && c !== "") node.append(c); });
    return node;
  }

  /** A block of rendered Markdown (escaped first by markdown.js: never raw HTML). */
  function markdown(text, className) {
    const box = el("div", { class: "md" + (className ? " " + className : "") });
    box.innerHTML = md.render(text);
    return box;
  }

  /** One line of Markdown without the paragraph around it. */
  function inlineMarkdown(text, tag, className) {
    const box = el(tag || "span", className ? { class: className } : {});
    box.innerHTML = md.inline(String(text).trim()).replace(/\n/g, "<br>");
    return box;
  }

  // ----- whitespace made visible, first difference marked (a mark element, not colour alone)
  const VISIBLE = { " ": "␣", "\t": "⇥", "\n": "↵\n", "\r": "␍" };
  const visible = (text) => text.replace(/[ \t\n\r]/g, (c) => VISIBLE[c]);

  function diffText(text, at) {
    const pre = el("pre", { class: "diff-text" });
    const before = text.slice(0, at);
    const char = text.charAt(at);
    pre.append(visible(before));
    const mark = el("mark", { class: "diff-at" + (char ? "" : " diff-end") });
    mark.append(char ? visible(char) : "∅");
    pre.append(mark, visible(text.slice(at + 1)));
    return pre;
  }

  /** Expected and got, one above the other, the first differing character marked in each. */
  function diffView(diff) {
    const expected = String(diff.expected);
    const got = String(diff.got);
    const at = Math.max(0, Math.min(Number(diff.at) || 0, Math.max(expected.length, got.length)));
    const box = el("div", { class: "diff", role: "group", "aria-label": "Expected and got" });
    box.append(
      // The test's message says where the texts differ, in words: not said again here.
      el("div", { class: "diff-row" }, el("span", { class: "diff-label" }, "Expected"), diffText(expected, at)),
      el("div", { class: "diff-row" }, el("span", { class: "diff-label" }, "Got"), diffText(got, at)),
      el("p", { class: "diff-legend muted small" }, "␣ is a space, ⇥ a tab, ↵ a line break (as in the messages above); the marked character is the first difference."),
    );
    return box;
  }

  function outputBlock(title, text, className) {
    return el("div", { class: "output" + (className ? " " + className : "") },
      el("div", { class: "output-title" }, title), el("pre", { class: "stdout" }, text));
  }

  function explanation(text) {
    const box = el("div", { class: "explain" });
    box.append(el("strong", {}, "What this means: "));
    box.append(markdown(text));
    return box;
  }

  function tracebackBlock(traceback, explained, git) {
    const box = el("div", { class: "error-explained" });
    if (explained) box.append(explanation(explained));
    box.append(el("div", { class: "output-title" }, git ? "What went wrong" : "Traceback (your code only)"),
      el("pre", { class: "traceback" }, traceback));
    return box;
  }

  // ----- a graded submission
  const TEST_LABELS = { passed: "✓ Passed", failed: "✗ Failed", error: "! Error", "not-run": "– Not run", pending: "… Waiting" };

  function headlines(git) {
    return {
      passed: "All tests passed!",
      failed: "Not yet: some tests failed.",
      error: git ? "One of your commands failed." : "Your code raised an error.",
      timeout: "Time limit exceeded.",
      memory: "Memory limit exceeded.",
      "output-limit": "Too much output.",
      internal: "We could not grade this submission.",
    };
  }

  function advice(verdict, limits) {
    return {
      timeout: "Your code ran for more than " + limits.time_s + " seconds, so it was stopped. " +
        "Look for a loop that never ends, such as a while loop whose condition never becomes false.",
      memory: "Your code used more than " + limits.memory_mb + " MB of memory, so it was stopped. " +
        "Look for a list or string that grows without end, or recursion that never stops.",
      internal: "This is our fault, not yours. Try again in a moment.",
    }[verdict];
  }

  /** The headline a submission's state deserves (queued and grading are told apart). */
  function headline(submission, git) {
    const tests = submission.tests || [];
    if (submission.status === "done") return headlines(git)[submission.verdict] || submission.verdict;
    if (submission.status === "queued") return "Queued: waiting for a free grader…";
    const finished = tests.filter((t) => t.status !== "pending").length;
    return tests.length ? "Grading… " + finished + " of " + tests.length + " tests done" : "Grading…";
  }

  function testItem(t, seenTracebacks, lastNotRun, git) {
    const item = el("li", { class: "test " + t.status },
      el("span", { class: "test-status" }, TEST_LABELS[t.status] || t.status), " ", el("span", { class: "test-name" }, t.name));
    // A hidden test shows only the rule it checks: never its input or expected value.
    if (t.hidden) item.append(" ", el("span", { class: "chip hidden-test", title: "Its input and expected result are not shown." }, "hidden"));
    // A failure's message often leads with what the test did already: say it once.
    const plain = (text) => String(text || "").replace(/[`*_]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
    const told = t.status !== "passed" && t.message && plain(t.message).includes(plain(t.shows));
    if (t.shows && t.status !== "pending" && !told) {
      const shows = el("div", { class: "test-shows" }, el("span", { class: "shows-label" }, "Test: "));
      shows.append(inlineMarkdown(t.shows));
      item.append(shows);
    }
    if (t.status === "not-run") {
      // Say why once, not once per test.
      if (t.message && t.message !== lastNotRun.message) item.append(markdown(t.message, "muted small"));
      lastNotRun.message = t.message;
    } else if (t.message && t.status !== "passed") item.append(markdown(t.message, "test-message"));
    if (t.diff && t.status !== "passed") item.append(diffView(t.diff));
    if (t.traceback && seenTracebacks.has(t.traceback)) {
      item.append(el("div", { class: "muted small" }, "Same traceback as in “" + seenTracebacks.get(t.traceback) + "” above."));
    } else if (t.traceback) {
      seenTracebacks.set(t.traceback, t.name);
      item.append(tracebackBlock(t.traceback, "", git));
    }
    if (t.stdout) item.append(outputBlock("Your printed output", t.stdout));
    return item;
  }

  /** The verdict box and test list of a submission, as nodes. */
  function renderSubmission(submission, options) {
    const git = options.kind === "git";
    const done = submission.status === "done";
    const tests = submission.tests || [];
    const kind = done ? submission.verdict : "pending";
    const title = headline(submission, git);
    const head = el("div", { class: "verdict-box " + kind, id: options.verdictId || "verdict" }, el("strong", { class: "headline" }, title));
    if (done && submission.attempt) head.append(" ", el("span", { class: "muted small attempt" }, "Attempt " + submission.attempt));
    if (done && submission.summary) {
      // "Time limit exceeded: your code ran…" under the headline "Time limit exceeded." says it twice.
      const summary = submission.summary.replace(/^(Time|Memory|Output) limit exceeded:\s*/, "");
      head.append(markdown(summary.charAt(0).toUpperCase() + summary.slice(1), "summary"));
    }
    const tip = done && !submission.summary ? advice(submission.verdict, options.limits || {}) : "";
    if (tip) head.append(el("p", {}, tip));
    const parts = [head];
    if (submission.traceback) parts.push(tracebackBlock(submission.traceback, submission.explanation, git));
    else if (done && submission.explanation) {
      // Some tests raised: what that exception means, once, above the per-test tracebacks.
      parts.push(explanation(submission.explanation));
    }
    if (done && submission.stdout && !tests.some((t) => t.stdout)) parts.push(outputBlock("Your printed output", submission.stdout));
    if (tests.length) {
      const passed = tests.filter((t) => t.status === "passed").length;
      const list = el("ol", { class: "tests", "aria-label": "Tests: " + passed + " of " + tests.length + " passed" });
      const seen = new Map();
      const lastNotRun = { message: "" };
      // Random cases failing like an earlier one ("Same failure as “…” above.") fold into
      // one line that opens to show them: seven such rows pushed Next out of sight.
      let folded = null;
      tests.forEach((t) => {
        const same = (t.status === "failed" || t.status === "error") && /^Same failure as “.+” above\.$/.test(t.message || "");
        if (!same) {
          folded = null;
          list.append(testItem(t, seen, lastNotRun, git));
          return;
        }
        if (!folded || folded.message !== t.message) {
          const cases = el("ol", { class: "tests" });
          const summary = el("summary", {});
          const box = el("li", { class: "same-failures" }, el("details", {}, summary, cases));
          folded = { message: t.message, cases, summary, count: 0 };
          list.append(box);
        }
        folded.count += 1;
        folded.cases.append(testItem(t, seen, lastNotRun, git));
        const named = t.message.slice("Same failure as ".length, -" above.".length);
        folded.summary.textContent = folded.count === 1
          ? "1 more random case failed the same way as " + named
          : folded.count + " more random cases failed the same way as " + named;
      });
      parts.push(list);
    }
    return { nodes: parts, headline: title, text: done ? title + " " + (head.querySelector(".summary") || { textContent: "" }).textContent : title };
  }

  // ----- Run: output without grading
  function runHeadline(result, options) {
    const git = options.kind === "git";
    const ms = Number(result.duration_ms) || 0;
    const seconds = !ms ? "" : " in " + (ms < 1000 ? Math.max(1, Math.round(ms)) + " ms" : (ms / 1000).toFixed(1) + " s");
    return {
      ok: (git ? "Your commands ran" : "Your program finished") + seconds + ".",
      error: git ? "One of your commands failed." : "Your program stopped with an error.",
      timeout: "Stopped: it ran longer than " + ((options.limits || {}).time_s || "the time limit") + " seconds.",
      memory: "Stopped: it used more memory than allowed.",
      "output-limit": "Stopped: it printed too much output.",
      crashed: "Your program crashed.",
    }[result.status] || result.status;
  }

  /** The output of a run (not graded): printed output, traceback, what it means. */
  function renderRun(result, options) {
    const git = options.kind === "git";
    const ok = result.status === "ok";
    const title = runHeadline(result, options);
    const head = el("div", { class: "run-head " + (ok ? "ok" : "bad"), id: options.headId || "" }, el("strong", {}, title));
    if (!options.headId) head.removeAttribute("id");
    // Only an exercise has attempts; a lesson's snippets have nothing to count.
    if (!options.lesson) head.append(" ", el("span", { class: "muted small" }, "Not graded: Run never counts as an attempt."));
    const parts = [head];
    const printed = result.stdout || "";
    parts.push(outputBlock(git ? "What your commands printed" : "Output",
      printed || (git || result.explanation ? "(no output)" : "(Your program printed nothing. Use print() to show a value.)"),
      printed ? "" : "empty"));
    if (result.traceback) parts.push(tracebackBlock(result.traceback, result.explanation, git));
    else if (result.explanation) parts.push(explanation(result.explanation));
    return { nodes: parts, headline: title };
  }

  /** Pretty JSON when the body is JSON, else the text as it came. */
  function prettyBody(body, headers) {
    const type = Object.entries(headers || {}).find(([k]) => k.toLowerCase() === "content-type");
    const text = String(body || "");
    if (!text.trim()) return { text: "(empty body)", json: false };
    if (type && !/json/i.test(type[1]) && !/^\s*[[{]/.test(text)) return { text: text, json: false };
    try { JSON.parse(text); } catch (e) { return { text: text, json: false }; }
    return { text: indentJson(text), json: true };
  }

  // Re-indent valid JSON token by token: numbers and strings stay exactly as the app sent them
  // (JSON.stringify(JSON.parse(…)) would show 3.0 as 3 and round big integers).
  function indentJson(text) {
    let out = "";
    let depth = 0;
    let inString = false;
    const newline = () => "\n" + "  ".repeat(depth);
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (inString) {
        out += c;
        if (c === "\\") { out += text[i + 1]; i += 1; } else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') { inString = true; out += c; }
      else if (c === "{" || c === "[") {
        const close = c === "{" ? "}" : "]";
        const rest = text.slice(i + 1).trimStart();
        if (rest[0] === close) { out += c + close; i = text.indexOf(close, i + 1); continue; }
        depth += 1; out += c + newline();
      } else if (c === "}" || c === "]") { depth -= 1; out += newline() + c; }
      else if (c === ",") out += "," + newline();
      else if (c === ":") out += ": ";
      else if (!/\s/.test(c)) out += c;
    }
    return out;
  }

  /** What the learner's web app answered to the request console. */
  function renderResponse(result, options) {
    if (!result.response) {
      const run = renderRun(result, options);
      run.nodes[0].querySelector("strong").textContent = result.status === "ok"
        ? "Your app did not answer the request." : run.headline;
      return run;
    }
    const response = result.response;
    const good = response.status < 400;
    const title = "Your app answered " + response.status;
    const head = el("div", { class: "run-head " + (good ? "ok" : "bad"), id: "console-status" }, el("strong", {}, title));
    const headers = el("dl", { class: "response-headers" });
    Object.entries(response.headers || {}).forEach(([k, v]) => headers.append(el("dt", {}, k), el("dd", {}, v)));
    const body = prettyBody(response.body, response.headers);
    const parts = [head, el("div", { class: "output-title" }, "Headers"), headers,
      el("div", { class: "output-title" }, body.json ? "Body (JSON, formatted)" : "Body"),
      el("pre", { class: "response-body" }, body.text)];
    if (result.stdout) parts.push(outputBlock("Your app printed", result.stdout));
    if (result.traceback) parts.push(tracebackBlock(result.traceback, result.explanation, false));
    return { nodes: parts, headline: title };
  }

  window.pyroadFeedback = { el, markdown, inlineMarkdown, diffView, renderSubmission, renderRun, renderResponse, prettyBody };

  // The submission page: its data is in the page; render it the way the exercise page does.
  const data = document.getElementById("submission-data");
  const target = document.getElementById("submission-results");
  if (data && target) {
    const options = { kind: target.dataset.kind, limits: { time_s: target.dataset.timeS, memory_mb: target.dataset.memoryMb } };
    const show = (submission) => {
      target.replaceChildren(...renderSubmission(submission, options).nodes);
      // Opened while still being graded: follow it until the verdict.
      if (submission.status !== "done") {
        setTimeout(async () => {
          try {
            const r = await fetch("/api/v1/submissions/" + submission.id, { headers: { Accept: "application/json" }, credentials: "same-origin" });
            show(r.ok ? await r.json() : submission);
          } catch (e) { show(submission); }
        }, 1000);
      }
    };
    show(JSON.parse(data.textContent));
  }
})();
