// The Markdown toolbar and its shortcuts (Ctrl/Cmd + B, I, E, K). Each action replaces the selection through
// execCommand("insertText"), so Ctrl+Z undoes it and the editor sees an ordinary input event (preview, draft, dirty).
// Only the selected lines are read: reading a long text box's whole value copies it.
// Pasted HTML (a web page, a Word or Google Docs document) becomes Markdown through turndown (vendored in /lib).

let state = null;
let turndown = null;

const actions = {
    bold: (box) => wrap(box, "**", "**", "bold text"),
    italic: (box) => wrap(box, "_", "_", "italic text"),
    code: (box) => selected(box).includes("\n") ? wrap(box, "```\n", "\n```", "code") : wrap(box, "`", "`", "code"),
    link: (box) => wrap(box, "[", "](https://)", "link text"),
    heading: (box) => prefixLines(box, "### "),
    bullets: (box) => prefixLines(box, "- "),
    numbers: (box) => prefixLines(box, "1. "),
    table: (box) => block(box, "| Column | Column |\n| --- | --- |\n|  |  |"),
    // The KCS article structure (docs/kcs.md): each inserts its section heading on a line of its own at the cursor.
    issue: (box) => block(box, "## Issue"),
    environment: (box) => block(box, "## Environment"),
    cause: (box) => block(box, "## Cause"),
    resolution: (box) => block(box, "## Resolution"),
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
    const status = bar.parentElement?.querySelector(".md-paste-status");
    const onPaste = (event) => {
        const markdown = turndown && box.disabled === false ? fromHtml(event.clipboardData) : null;
        if (markdown === null) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        replace(box, box.selectionStart, box.selectionEnd, markdown.text);
        if (status) status.textContent = markdown.dropped > 0
            ? `Pasted as Markdown. ${markdown.dropped} picture${markdown.dropped === 1 ? " was" : "s were"} left out (they were inside the copied document, not on the web): paste or drop ${markdown.dropped === 1 ? "it" : "them"} as a file.`
            : "Pasted as Markdown (formatting converted). Ctrl+Z undoes it.";
    };
    bar.addEventListener("click", onClick);
    box.addEventListener("keydown", onKey);
    // Before the uploader's paste handler: copied web and Office content also carries an image of the selection.
    box.addEventListener("paste", onPaste, { capture: true });
    state = { detach: () => { bar.removeEventListener("click", onClick); box.removeEventListener("keydown", onKey); box.removeEventListener("paste", onPaste, { capture: true }); } };
    loadTurndown();
}

async function loadTurndown() {
    if (turndown) return;
    try {
        const [{ default: TurndownService }, { gfm }] = await Promise.all([
            import("../../../lib/turndown/turndown.es.js"),
            import("../../../lib/turndown/turndown-plugin-gfm.es.js"),
        ]);
        const service = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-", emDelimiter: "_" });
        service.use(gfm);
        service.remove(["style", "script", "meta", "title", "head", "noscript", "template", "iframe", "object", "embed", "form", "button", "input", "select"]);
        // Google Docs wraps a whole copy in <b style="font-weight:normal">: that is not bold.
        service.addRule("notBold", {
            filter: (node) => (node.nodeName === "B" || node.nodeName === "STRONG") && /font-weight:\s*(normal|400)/i.test(node.getAttribute("style") || ""),
            replacement: (content) => content,
        });
        // Word's list paragraphs carry their bullet or number as text ("·", "o", "1.") before the item.
        service.addRule("wordList", {
            filter: (node) => node.nodeName === "P" && /MsoListParagraph/i.test(node.getAttribute("class") || ""),
            replacement: (content, node) => {
                const numbered = /^\s*\(?[0-9a-z]{1,3}[.)]\s/i.test(node.textContent || "") && !/^\s*[·o§▪•-]\s/.test(node.textContent || "");
                const text = content.replace(/^\s*(\\?[·o§▪•\-*]|\(?[0-9a-z]{1,3}\\?[.)])\s+/i, "").trim();
                return "\n" + (numbered ? "1. " : "- ") + text + "\n";
            },
        });
        // Pictures that live only inside the copied document (file:, data:, cid:) cannot be fetched: counted and left out.
        service.addRule("localImage", {
            filter: (node) => node.nodeName === "IMG" && !/^https?:\/\//i.test(node.getAttribute("src") || ""),
            replacement: (content, node, options) => { options.droppedImages = (options.droppedImages || 0) + 1; return ""; },
        });
        turndown = service;
    } catch {
        turndown = null; // The ordinary paste (plain text) still works.
    }
}

/** Markdown for pasted HTML with formatting worth keeping; null to let the browser paste plain text. */
function fromHtml(data) {
    if (!data || !data.types.includes("text/html")) return null;
    const html = data.getData("text/html");
    // Code editors and plain text boxes put coloured <div>/<span> on the clipboard: their plain text is the better paste.
    if (!/<(h[1-6]|ul|ol|li|table|strong|b|em|i|a\s[^>]*href|img|blockquote|p|pre)[\s>]/i.test(html)) return null;
    turndown.options.droppedImages = 0;
    const body = new DOMParser().parseFromString(html, "text/html").body;
    let text = turndown.turndown(body).replace(/\n{3,}/g, "\n\n").trim()
        // Word's list paragraphs come out one block each: keep consecutive items together as one list.
        .replace(/^((?:- |1\. ).*)\n\n(?=(?:- |1\. ))/gm, "$1\n");
    if (text.length === 0) return null;
    return { text, dropped: turndown.options.droppedImages };
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
