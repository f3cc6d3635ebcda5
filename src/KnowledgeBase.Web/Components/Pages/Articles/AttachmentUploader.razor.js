// The editor's uploads (docs/attachments.md): paste a screenshot, drop files on the text, or pick them with the button.
// Each file is sent over plain HTTP (POST /attachments, the page's antiforgery token in a header), with progress; the
// Markdown the server answers is inserted at the cursor, and the text box's input event lets the editor preview it and
// keep it in the local draft. Refusals (too large, a type not accepted) are said under the text box.

let state = null;

export function attach(options) {
    detach();
    const textArea = document.getElementById(options.textArea);
    const button = document.getElementById("editor-attach-button");
    const input = document.getElementById("editor-attach-input");
    if (!textArea || !button || !input) return;
    state = {
        textArea, button, input,
        status: document.getElementById("editor-attach-status"),
        error: document.getElementById("editor-attach-error"),
        maxFileBytes: options.maxFileBytes, maxFileText: options.maxFileText,
        queue: Promise.resolve(), listeners: [],
    };
    const s = state;
    listen(button, "click", () => input.click());
    // Picking files is not an edit of the article: the editor's form must not see it as one.
    listen(input, "input", (event) => event.stopPropagation());
    listen(input, "change", (event) => {
        event.stopPropagation();
        const files = [...input.files];
        input.value = "";
        uploadAll(s, files);
    });
    listen(textArea, "paste", (event) => {
        const data = event.clipboardData;
        if (!data || data.files.length === 0) return;
        // Copying from a web page or an Office document also carries an image of the selection: the text wins then.
        if (data.types.includes("text/plain") && data.getData("text/plain").length > 0) return;
        event.preventDefault();
        uploadAll(s, [...data.files]);
    });
    listen(textArea, "dragover", (event) => {
        if (!event.dataTransfer?.types.includes("Files")) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        textArea.classList.add("drop-target");
    });
    listen(textArea, "dragleave", () => textArea.classList.remove("drop-target"));
    listen(textArea, "drop", (event) => {
        textArea.classList.remove("drop-target");
        if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        // The Markdown goes in at the cursor (a text box cannot tell where in its text a drop landed).
        uploadAll(s, [...event.dataTransfer.files]);
    });
}

export function detach() {
    if (!state) return;
    for (const [target, type, handler] of state.listeners) target.removeEventListener(type, handler);
    state = null;
}

function listen(target, type, handler) {
    target.addEventListener(type, handler);
    state.listeners.push([target, type, handler]);
}

function uploadAll(s, files) {
    if (s.textArea.disabled || files.length === 0) return;
    s.error.textContent = "";
    // One at a time, in order: the links go into the text in the order the files were given.
    for (const file of files) s.queue = s.queue.then(() => uploadOne(s, file));
}

async function uploadOne(s, file) {
    if (state !== s) return;
    const name = nameOf(file);
    if (file.size > s.maxFileBytes) {
        fail(s, `“${name}” is larger than ${s.maxFileText}, the most one file may be. Nothing was added.`);
        return;
    }
    s.status.textContent = `Uploading “${name}”…`;
    const answer = await send(file, name, (percent) => {
        if (state === s) s.status.textContent = `Uploading “${name}”… ${percent}%`;
    });
    if (state !== s) return;
    if (answer.status === 201) {
        const uploaded = JSON.parse(answer.text);
        insert(s.textArea, uploaded.markdown);
        s.status.textContent = uploaded.isImage
            ? `Added “${uploaded.fileName}” to the text; it shows in the preview.`
            : `Added a link to “${uploaded.fileName}” to the text.`;
        return;
    }
    s.status.textContent = "";
    if (answer.status === 0) fail(s, `“${name}” was not uploaded: the connection to the server failed. Nothing was added; try again.`);
    else fail(s, messageOf(answer) ?? `“${name}” was not uploaded (the server answered ${answer.status}). Nothing was added.`);
}

function fail(s, message) {
    s.error.textContent = s.error.textContent ? s.error.textContent + " " + message : message;
}

function messageOf(answer) {
    try {
        return JSON.parse(answer.text).message ?? null;
    } catch {
        // The antiforgery check answers in plain text.
        return answer.text && answer.text.length < 400 ? answer.text : null;
    }
}

/** A pasted screenshot arrives as "image.png": name it after the moment instead. */
function nameOf(file) {
    if (file.name && file.name !== "image.png") return file.name;
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    const extension = (file.type.split("/")[1] || "png").replace("jpeg", "jpg");
    return `screenshot-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}.${extension}`;
}

function send(file, name, progress) {
    return new Promise((resolve) => {
        const request = new XMLHttpRequest();
        request.open("POST", new URL("attachments?name=" + encodeURIComponent(name), document.baseURI));
        const token = document.querySelector(".attach-bar input[name='__RequestVerificationToken']")?.value ?? "";
        request.setRequestHeader("RequestVerificationToken", token);
        request.setRequestHeader("Content-Type", "application/octet-stream");
        request.upload.onprogress = (event) => {
            if (event.lengthComputable && event.total > 0) progress(Math.floor((event.loaded / event.total) * 100));
        };
        request.onload = () => resolve({ status: request.status, text: request.responseText });
        request.onerror = () => resolve({ status: 0, text: "" });
        request.send(file);
    });
}

/** Inserts the Markdown at the cursor as a paragraph of its own, as typing would (so Ctrl+Z takes it back). */
function insert(textArea, markdown) {
    textArea.focus();
    const start = textArea.selectionStart, end = textArea.selectionEnd;
    // Only the characters around the cursor are read: reading a long text box's whole value copies it.
    const before = textArea.value.slice(Math.max(0, start - 2), start);
    const after = textArea.value.slice(end, end + 2);
    const prefix = start === 0 || before === "\n\n" ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const suffix = after.length === 0 ? "\n" : after === "\n\n" ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    const text = prefix + markdown + suffix;
    // execCommand keeps the browser's undo history and fires the input event the editor listens to.
    if (!document.execCommand("insertText", false, text)) {
        textArea.setRangeText(text, start, end, "end");
        textArea.dispatchEvent(new Event("input", { bubbles: true }));
    }
}
