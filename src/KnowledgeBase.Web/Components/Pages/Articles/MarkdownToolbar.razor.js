// The Markdown toolbar and its shortcuts (Ctrl/Cmd + B, I, E, K). Each action replaces the selection through
// execCommand("insertText"), so Ctrl+Z undoes it and the editor sees an ordinary input event (preview, draft, dirty).
// Only the selected lines are read: reading a long text box's whole value copies it.

let state = null;

const actions = {
    bold: (box) => wrap(box, "**", "**", "bold text"),
    italic: (box) => wrap(box, "_", "_", "italic text"),
    code: (box) => selected(box).includes("\n") ? wrap(box, "```\n", "\n```", "code") : wrap(box, "`", "`", "code"),
    link: (box) => wrap(box, "[", "](https://)", "link text"),
    heading: (box) => prefixLines(box, "### "),
    bullets: (box) => prefixLines(box, "- "),
    numbers: (box) => prefixLines(box, "1. "),
    table: (box) => block(box, "| Column | Column |\n| --- | --- |\n|  |  |"),
};

const shortcuts = { b: "bold", i: "italic", e: "code", k: "link" };

export function attach(textAreaId) {
    detach();
    const box = document.getElementById(textAreaId);
    const bar = document.querySelector(`.md-toolbar[aria-controls='${textAreaId}']`);
    if (!box || !bar) return;
    const onClick = (event) => {
        const button = event.target.closest("button[data-md]");
        if (!button || box.disabled) return;
        actions[button.dataset.md]?.(box);
    };
    const onKey = (event) => {
        if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
        const action = shortcuts[event.key.toLowerCase()];
        if (!action) return;
        event.preventDefault();
        actions[action](box);
    };
    bar.addEventListener("click", onClick);
    box.addEventListener("keydown", onKey);
    state = { detach: () => { bar.removeEventListener("click", onClick); box.removeEventListener("keydown", onKey); } };
}

export function detach() {
    state?.detach();
    state = null;
}

function selected(box) {
    return box.value.slice(box.selectionStart, box.selectionEnd);
}

function replace(box, start, end, text) {
    box.focus();
    box.setSelectionRange(start, end);
    if (!document.execCommand("insertText", false, text)) {
        box.setRangeText(text, start, end, "end");
        box.dispatchEvent(new Event("input", { bubbles: true }));
    }
}

/** Wraps the selection (or a placeholder, left selected to type over). */
function wrap(box, before, after, placeholder) {
    const start = box.selectionStart, end = box.selectionEnd;
    const inner = start === end ? placeholder : box.value.slice(start, end);
    replace(box, start, end, before + inner + after);
    box.setSelectionRange(start + before.length, start + before.length + inner.length);
}

/** Puts the prefix at the start of each selected line (or the cursor's line). */
function prefixLines(box, prefix) {
    const start = box.selectionStart, end = box.selectionEnd;
    const lineStart = box.value.lastIndexOf("\n", start - 1) + 1;
    const lines = box.value.slice(lineStart, end).split("\n");
    const text = lines.map((line) => prefix + line).join("\n");
    replace(box, lineStart, end, text);
    box.setSelectionRange(lineStart + text.length, lineStart + text.length);
}

/** Inserts a block on lines of its own at the cursor. */
function block(box, text) {
    const start = box.selectionStart, end = box.selectionEnd;
    const before = box.value.slice(Math.max(0, start - 2), start);
    const prefix = start === 0 || before === "\n\n" ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    replace(box, start, end, prefix + text + "\n");
}
