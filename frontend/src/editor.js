// The code editor: CodeMirror 6 mounted over a <textarea> (the exercise's <textarea id="code">,
// and a lesson's code block once the learner opens it for editing, through window.pyroadMount).
// The textarea stays the source of truth for the rest of the page (exercise.js reads it and
// listens to its "input" events) and is what a browser without JavaScript shows.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, rectangularSelection } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, foldGutter, foldKeymap, syntaxHighlighting,
  HighlightStyle, StreamLanguage, indentUnit } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { python } from "@codemirror/lang-python";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import { tags as t } from "@lezer/highlight";

// Colours come from CSS variables in app.css, so light and dark mode follow prefers-color-scheme.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword],
    color: "var(--hl-keyword)", fontWeight: "600" },
  { tag: [t.string, t.special(t.string)], color: "var(--hl-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--hl-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName)), t.definition(t.className)],
    color: "var(--hl-function)" },
  { tag: [t.className, t.typeName, t.standard(t.variableName)], color: "var(--hl-type)" },
  { tag: [t.self, t.special(t.variableName)], color: "var(--hl-keyword)" },
  { tag: [t.propertyName], color: "var(--hl-property)" },
  { tag: [t.meta, t.processingInstruction], color: "var(--hl-comment)" },
  { tag: t.invalid, color: "var(--bad)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--code-bg)", border: "1px solid var(--border)",
    borderRadius: "6px", fontSize: "0.92rem" },
  "&.cm-focused": { outline: "3px solid var(--accent)", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    minHeight: "var(--editor-min-height, 340px)", maxHeight: "70vh", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--fg)", padding: "8px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)", borderLeftWidth: "2px" },
  ".cm-gutters": { backgroundColor: "var(--code-gutter)", color: "var(--muted)", borderRight: "1px solid var(--border)",
    borderRadius: "6px 0 0 6px" },
  ".cm-activeLine": { backgroundColor: "var(--code-active)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--code-active)", color: "var(--fg)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    { backgroundColor: "var(--code-selection) !important" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--code-bracket)", outline: "1px solid var(--accent)" },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "var(--bad-bg)", color: "var(--bad)" },
  ".cm-selectionMatch": { backgroundColor: "var(--code-active)" },
  ".cm-panels": { backgroundColor: "var(--card)", color: "var(--fg)" },
});

// Ctrl/Cmd+Enter submits (grades); Ctrl/Cmd+Shift+Enter only runs. The page listens for these events.
function mount(textarea, options = {}) {
  const language = textarea.dataset.language === "shell" ? StreamLanguage.define(shell) : python();
  const label = textarea.getAttribute("aria-label") ||
    (textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent.trim().replace(/\s+/g, " ") : "Code");
  const submitKeys = keymap.of([
    { key: "Shift-Mod-Enter", preventDefault: true,
      run: () => { textarea.dispatchEvent(new CustomEvent("pyroad-run")); return true; } },
    { key: "Mod-Enter", preventDefault: true,
      run: () => { textarea.dispatchEvent(new CustomEvent("pyroad-submit")); return true; } },
  ]);
  const describedBy = textarea.getAttribute("aria-describedby");
  let syncing = false;
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        submitKeys,
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(),
        drawSelection(), EditorState.allowMultipleSelections.of(true), indentOnInput(),
        syntaxHighlighting(highlight), bracketMatching(), closeBrackets(), rectangularSelection(),
        highlightActiveLine(), highlightSelectionMatches(), indentUnit.of("    "), EditorState.tabSize.of(4),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
          indentWithTab]),
        language, theme, EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label, ...(describedBy ? { "aria-describedby": describedBy } : {}),
          autocapitalize: "off", autocorrect: "off", spellcheck: "false" }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || syncing) return;
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input"));
        }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea.nextSibling);
  textarea.hidden = true;
  textarea.setAttribute("aria-hidden", "true");
  textarea.tabIndex = -1;
  if (options.id) view.dom.id = options.id;

  const handle = {
    view,
    get: () => view.state.doc.toString(),
    set(text) {
      syncing = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally { syncing = false; }
      textarea.value = text;
    },
    focus: () => view.focus(),
  };
  return handle;
}

window.pyroadMount = mount;
const textarea = document.getElementById("code");
if (textarea) {
  // exercise.js sets the code (reset to starter, a restored draft) through this.
  window.pyroadEditor = mount(textarea, { id: "code-editor" });
  document.documentElement.classList.add("has-editor");
}
document.dispatchEvent(new CustomEvent("pyroad-editor-ready"));
