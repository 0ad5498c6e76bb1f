// Feedback Markdown → HTML: a small pure function for grader messages, summaries and
// explanations (and Run's explanations). Escape first: every piece of the source is
// HTML-escaped before any tag is added, and the only tags this function ever writes are
// p, br, code, pre, strong, em, ul, ol, li and a (http, https, mailto and same-site links only).
// Raw HTML in a message therefore shows as text. Usable from a page (window.pyroadMarkdown)
// and from Node (module.exports) so it can be checked on its own.
(function (root) {
  "use strict";

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

  const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
  const BULLET = /^ {0,3}([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
  const INDENTED = /^(?: {4}|\t)/;

  // A link target the page may follow: web, mail, or a path on this site (never javascript:).
  function safeHref(raw) {
    const href = raw.trim();
    if (/^(https?:\/\/|mailto:)/i.test(href)) return href;
    if (/^\/(?!\/)/.test(href) || href.startsWith("#")) return href;
    return null;
  }

  // Emphasis and links on already-escaped text (the markers * _ [ ] ( ) are not escaped).
  function emphasis(escaped) {
    return escaped
      .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[^\w])__(?=\S)([^_]*?\S)__(?![\w])/g, "$1<strong>$2</strong>")
      .replace(/(^|[^\w*])\*(?=[^\s*])([^*]*?[^\s*])?\*(?![\w*])/g,
        (m, pre, body) => (body === undefined ? m : pre + "<em>" + body + "</em>"))
      .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_])_(?![\w])/g, "$1<em>$2</em>")
      .replace(/\[([^\]]+)\]\(([^()\s]+)\)/g, (m, text, url) => {
        // url is escaped already (&amp;), which is also what an attribute needs.
        const href = safeHref(url.replace(/&amp;/g, "&"));
        return href === null ? m : '<a href="' + escapeHtml(href) + '">' + text + "</a>";
      });
  }

  // Inline: `code` spans first (their content is never touched), then emphasis around them.
  function inline(text) {
    let out = "";
    let rest = text;
    for (;;) {
      const open = rest.match(/`+/);
      if (!open) break;
      const ticks = open[0];
      const start = open.index;
      const close = rest.indexOf(ticks, start + ticks.length);
      // An unmatched backtick run is literal text.
      if (close < 0 || /^`/.test(rest.slice(close + ticks.length))) {
        out += emphasis(escapeHtml(rest.slice(0, start + ticks.length)));
        rest = rest.slice(start + ticks.length);
        continue;
      }
      let code = rest.slice(start + ticks.length, close);
      if (/^ .*[^ ].* $/.test(code)) code = code.slice(1, -1);
      out += emphasis(escapeHtml(rest.slice(0, start))) + "<code>" + escapeHtml(code) + "</code>";
      rest = rest.slice(close + ticks.length);
    }
    return out + emphasis(escapeHtml(rest));
  }

  function codeBlock(lines, language) {
    const cls = language ? ' class="language-' + escapeHtml(language.replace(/[^\w-]/g, "")) + '"' : "";
    return "<pre><code" + cls + ">" + escapeHtml(lines.join("\n")) + "</code></pre>";
  }

  /** Render feedback Markdown to an HTML string that is safe to assign to innerHTML. */
  function render(source) {
    const lines = String(source === null || source === undefined ? "" : source)
      .replace(/\r\n?/g, "\n").split("\n");
    const html = [];
    let paragraph = [];
    let list = null; // {tag, items: [[line, ...], ...]}

    const flushParagraph = () => {
      if (paragraph.length) html.push("<p>" + paragraph.map((l) => inline(l.trim())).join("<br>") + "</p>");
      paragraph = [];
    };
    const flushList = () => {
      if (!list) return;
      const items = list.items.map((item) => "<li>" + item.map((l) => inline(l.trim())).join("<br>") + "</li>");
      html.push("<" + list.tag + ">" + items.join("") + "</" + list.tag + ">");
      list = null;
    };

    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      const fence = line.match(FENCE);
      if (fence) {
        flushParagraph(); flushList();
        const marker = fence[1];
        const body = [];
        i += 1;
        while (i < lines.length && !(lines[i].trim().startsWith(marker) && /^[`~]+$/.test(lines[i].trim()))) {
          body.push(lines[i]);
          i += 1;
        }
        html.push(codeBlock(body, fence[2]));
        continue;
      }
      if (!line.trim()) { flushParagraph(); if (list) list.blank = true; continue; }
      // Four spaces start a code block after a blank line (or at the start), not inside a paragraph or a list.
      if (INDENTED.test(line) && !paragraph.length && !(list && !list.blank)) {
        flushList();
        const body = [];
        while (i < lines.length && (INDENTED.test(lines[i]) || (!lines[i].trim() && i + 1 < lines.length && INDENTED.test(lines[i + 1])))) {
          body.push(lines[i].replace(INDENTED, ""));
          i += 1;
        }
        i -= 1;
        html.push(codeBlock(body, ""));
        continue;
      }
      const bullet = line.match(BULLET);
      if (bullet) {
        flushParagraph();
        const tag = /\d/.test(bullet[1]) ? "ol" : "ul";
        if (list && list.tag !== tag) flushList();
        if (!list) list = { tag: tag, items: [] };
        list.blank = false;
        list.items.push([bullet[2]]);
        continue;
      }
      if (list && !list.blank && /^\s+/.test(line)) { list.items[list.items.length - 1].push(line); continue; }
      flushList();
      paragraph.push(line);
    }
    flushParagraph(); flushList();
    return html.join("");
  }

  const api = { render: render, inline: inline, escapeHtml: escapeHtml, safeHref: safeHref };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.pyroadMarkdown = api;
})(typeof window !== "undefined" ? window : this);
