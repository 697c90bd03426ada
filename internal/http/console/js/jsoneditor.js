// The console's JSON editor: CodeMirror 6 over each textarea[data-json] of a page, bundled
// by `make generate/console` (esbuild) into assets/jsoneditor.js. The textarea stays the
// form's field (kept in step with the editor, and what a browser without JavaScript
// shows); the editor checks the JSON's syntax as it is typed and marks at their place the
// problems the server found (data-problems: [{pointer, problem}], JSON pointers within the
// document) until the text is changed.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { ensureSyntaxTree, syntaxTree, syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from "@codemirror/language";
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter } from "@codemirror/lint";

const parseLinter = jsonParseLinter();

// mount puts an editor in place of textarea.
function mount(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const problems = JSON.parse(textarea.dataset.problems || "[]");
  let edited = false;
  const check = (view) => {
    if (view.state.doc.toString().trim() === "") return []; // blank: the field is not set
    const found = parseLinter(view);
    if (!edited) found.push(...problems.map((p) => serverDiagnostic(view.state, p)));
    return found;
  };
  // The editor lives in a shadow root: there CodeMirror's styles go into a constructed
  // style sheet, which the page's policy (no inline style) allows; in the document itself
  // they would be an inline <style> element.
  const host = document.createElement("div");
  host.className = "json-editor";
  host.id = textarea.id + "-host";
  const root = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), indentOnInput(), bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        // Tab is left to move the focus on: the keyboard must be able to leave the editor.
        keymap.of([...defaultKeymap, ...historyKeymap]),
        json(), linter(check, { delay: 250 }), lintGutter(), theme,
        EditorView.contentAttributes.of({ "aria-label": label ? label.textContent : textarea.name, id: textarea.id + "-editor" }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          edited = true;
          textarea.value = u.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.after(host);
  textarea.classList.add("json-source");
  // The label stays the textarea's (its field), and clicking it goes to the editor.
  if (label) label.addEventListener("click", () => view.focus());
}

// theme is the editor's look; the console's style sheet does not reach into its shadow root.
const theme = EditorView.theme({
  "&": { border: "1px solid #8c959f", borderRadius: "4px", minHeight: "4.5rem", maxHeight: "24rem", background: "#fff" },
  "&.cm-focused": { outline: "2px solid #0969da", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: ".875rem" },
});

// serverDiagnostic marks problem p at the value its pointer names (the whole document
// when the pointer leads nowhere in it).
function serverDiagnostic(state, p) {
  const node = valueAt(state, p.pointer) || { from: 0, to: state.doc.length };
  return { from: node.from, to: node.to, severity: "error", source: "server", message: (p.pointer || "/") + ": " + p.problem };
}

// valueAt is the syntax node of the value pointer (RFC 6901) names, or null. The tree is
// parsed to the document's end first: CodeMirror parses in the background, and a page's
// first check can come before it has reached the value, which would mark the whole
// document instead.
function valueAt(state, pointer) {
  const tree = ensureSyntaxTree(state, state.doc.length, 500) || syntaxTree(state);
  let node = tree.topNode.firstChild;
  if (!pointer) return node;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node) return null;
    node = child(state, node, key);
  }
  return node;
}

// child is the value of an object's member key, or of an array's item at index key.
function child(state, node, key) {
  const values = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (node.name === "Object" && c.name === "Property") {
      const name = c.getChild("PropertyName");
      if (name && JSON.parse(state.sliceDoc(name.from, name.to)) === key) return c.lastChild;
    }
    if (node.name === "Array" && !["[", "]", ",", "⚠"].includes(c.name)) values.push(c);
  }
  return node.name === "Array" ? values[Number(key)] || null : null;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const textarea of document.querySelectorAll("textarea[data-json]")) mount(textarea);
});
