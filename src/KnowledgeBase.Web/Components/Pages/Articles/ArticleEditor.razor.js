// The article editor's browser half (CSP: script-src 'self', loaded as a module through JS interop).
//
// The article text lives here, in the textarea. It crosses to the server only when needed, as a stream (which, unlike a
// circuit message, is not bound by SignalR's 32 KB message cap): after a pause in typing, for the preview and the
// duplicate check, and when the user saves. The small fields (title, tags, pickers, note) are ordinary Blazor inputs.
// Every change is also kept as a local draft in localStorage, keyed per user, article and base version, and offered back
// after a reload or a lost connection. A save's outcome comes back to this module, which says it next to Save; when the
// outcome cannot come back (the connection dropped), this module says so itself, because the server cannot.

const DraftPrefix = "kb-editor-draft:v1:";
const PreviewDelayMs = 400;
const LimitCheckDelayMs = 150;
const DraftDelayMs = 500;
const MaxDrafts = 20;
const DraftMaxAgeMs = 30 * 24 * 60 * 60 * 1000;
const ConnectionLostMessage = "Not saved: the connection to the server dropped while saving. Your text is still here and kept in this browser. Press Save again when the connection is back (a save that did arrive is recognised, not made twice).";

let editor = null;

/** Wires the editor up. `options`: { user, article ("new" or the id), baseVersion, maxLength }. */
export function attach(form, dotnet, options) {
    // Attached again on the same page after a dropped connection: what was typed meanwhile is still unsaved.
    const wasDirty = editor?.form === form && editor.dirty;
    detach();
    const byId = (id) => form.querySelector("#" + id);
    editor = {
        form, dotnet,
        user: options.user, article: options.article, baseVersion: options.baseVersion, maxLength: options.maxLength,
        body: byId("editor-body"),
        limit: byId("editor-body-limit"),
        status: byId("editor-save-status"),
        alert: byId("editor-save-alert"),
        draftNote: byId("editor-draft-status"),
        previewNote: document.getElementById("editor-preview-note"),
        dirty: wasDirty, saving: 0, saveSequence: 0,
        previewTimer: 0, previewBusy: false, previewAgain: false, previewedText: null,
        draftTimer: 0, limitTimer: 0, offered: null, loaded: null,
        listeners: [],
    };
    listen(form, "input", onEdit);
    listen(form, "change", onEdit);
    listen(form, "submit", (event) => { event.preventDefault(); save(); });
    listen(window, "pagehide", () => writeDraftNow());
    listen(document, "visibilitychange", () => { if (document.visibilityState === "hidden") writeDraftNow(); });
    // The reconnect dialog's script reloads the page when the server no longer knows this circuit: keep the draft and
    // let the reload happen without the "leave this page?" question (the draft is offered again after it).
    listen(document, "kb:circuit-lost", () => { writeDraftNow(); setUnsavedChanges(false); });
    const reconnect = document.getElementById("components-reconnect-modal");
    if (reconnect) listen(reconnect, "components-reconnect-state-changed", (event) => onConnectionState(event.detail?.state));
    if (wasDirty) setUnsavedChanges(true);
}

export function detach() {
    if (!editor) return;
    clearTimeout(editor.previewTimer);
    clearTimeout(editor.draftTimer);
    clearTimeout(editor.limitTimer);
    for (const [target, type, handler] of editor.listeners) target.removeEventListener(type, handler);
    setUnsavedChanges(false);
    editor = null;
}

/** Puts the article's text (streamed from the server) in the box; returns the local draft to offer, if any. */
export async function load(text) {
    const e = editor;
    const loaded = await readText(text);
    // A start cut off by a dropped connection may finish after the start that replaced it: it must not touch the box.
    if (editor !== e) return null;
    e.body.value = loaded;
    e.loaded = snapshot(e);
    e.previewedText = e.body.value;
    checkLimit(e);
    const draft = newestDraft(e);
    if (!draft) return null;
    if (sameContent(draft.value, e.loaded)) {
        localStorage.removeItem(draft.key);
        return null;
    }
    e.offered = draft;
    return {
        savedAtText: new Date(draft.value.savedAt).toLocaleString(),
        baseVersion: draft.value.baseVersion,
        length: draft.value.body.length,
        title: draft.value.title,
    };
}

/** Restore: the draft's text goes into the box; its small fields go back to the server, which shows them. */
export function restoreDraft() {
    const e = editor;
    const draft = e.offered?.value;
    e.offered = null;
    if (!draft) return null;
    e.body.value = draft.body;
    e.baseVersion = draft.baseVersion;
    markDirty(e);
    checkLimit(e);
    schedulePreview(e, 0);
    return {
        title: draft.title, tags: draft.tags, note: draft.note, state: draft.state, audience: draft.audience,
        categories: draft.categories, baseVersion: draft.baseVersion, clients: draft.clients ?? null,
    };
}

/** Discard: every draft of this article goes (older base versions too), so none is offered again. */
export function discardDraft() {
    const e = editor;
    clearDrafts(e);
    e.offered = null;
}

/** Replaces the text with a saved version (the user chose "start again from version N"). */
export async function replaceText(text, baseVersion) {
    const e = editor;
    const saved = await readText(text);
    if (editor !== e) return;
    e.body.value = saved;
    e.baseVersion = baseVersion;
    clearDrafts(e);
    e.dirty = false;
    setUnsavedChanges(false);
    checkLimit(e);
    e.previewedText = e.body.value;
}

/** The user's text now sits on a newer base version: the draft moves with it. */
export function rebase(baseVersion) {
    const e = editor;
    clearDrafts(e);
    e.baseVersion = baseVersion;
    if (e.dirty) writeDraftNow();
}

export function focus(id) {
    const target = document.getElementById(id);
    if (!target) return;
    target.focus();
    target.scrollIntoView({ block: "center" });
}

/** A message next to Save: errors are alerts (announced at once), the rest a polite status. */
export function showStatus(message, isError) {
    const e = editor;
    if (!e) return;
    e.alert.textContent = isError ? message : "";
    e.status.textContent = isError ? "" : message;
}

/** After "saved as a proposal": where to follow it (docs/proposals.md). */
function appendProposalLinks(e, url) {
    const own = document.createElement("a");
    own.href = url;
    own.textContent = "See your proposal";
    const all = document.createElement("a");
    all.href = "proposals";
    all.textContent = "All your proposals";
    e.status.append(" ", own, " · ", all);
}

function listen(target, type, handler) {
    target.addEventListener(type, handler);
    editor.listeners.push([target, type, handler]);
}

function onEdit(event) {
    const e = editor;
    if (!e || !e.form.contains(event.target)) return;
    markDirty(e);
    scheduleDraft(e);
    if (event.target === e.body && event.type === "input") {
        // Reading a long text box's value copies the whole text: not on every keystroke, but once typing pauses.
        clearTimeout(e.limitTimer);
        e.limitTimer = setTimeout(() => checkLimit(e), LimitCheckDelayMs);
        schedulePreview(e, PreviewDelayMs);
    }
}

function markDirty(e) {
    if (e.dirty) return;
    e.dirty = true;
    setUnsavedChanges(true);
}

function overBy(e) {
    return e.body.value.length - e.maxLength;
}

/** Over the limit: said under the box as soon as it happens (a paste of 1 MB included), with how much to cut. */
function checkLimit(e) {
    const over = overBy(e);
    const text = over > 0
        ? `This article is ${format(e.body.value.length)} characters long; the limit is ${format(e.maxLength)}. Shorten it by ${characters(over)} to preview and save it. Nothing has been cut: your text is kept in this browser meanwhile.`
        : "";
    if (e.limit.textContent !== text) e.limit.textContent = text;
    if (e.previewNote) {
        const note = over > 0 ? "The preview is paused while the article is over the limit: it shows the text as it last fit." : "";
        if (e.previewNote.textContent !== note) e.previewNote.textContent = note;
    }
    return over;
}

function schedulePreview(e, delay) {
    clearTimeout(e.previewTimer);
    e.previewTimer = setTimeout(() => sendPreview(e), delay);
}

async function sendPreview(e) {
    if (editor !== e) return;
    if (e.previewBusy) {
        e.previewAgain = true;
        return;
    }
    const text = e.body.value;
    if (text.length > e.maxLength || text === e.previewedText) return;
    e.previewBusy = true;
    try {
        await e.dotnet.invokeMethodAsync("PreviewAsync", DotNet.createJSStreamReference(encode(text)));
        e.previewedText = text;
    } catch {
        // The connection is down (the reconnect dialog says so); the preview catches up after the next pause.
    } finally {
        e.previewBusy = false;
        if (e.previewAgain) {
            e.previewAgain = false;
            schedulePreview(e, 0);
        }
    }
}

async function save() {
    const e = editor;
    if (!e || e.saving) return;
    const over = checkLimit(e);
    if (over > 0) {
        showStatus(`Not saved: the article is ${characters(over)} over the ${format(e.maxLength)}-character limit. Nothing was sent; shorten it and save again.`, true);
        focus(e.body.id);
        writeDraftNow();
        return;
    }
    writeDraftNow();
    const sequence = ++e.saveSequence;
    e.saving = sequence;
    showStatus("Saving…", false);
    let result;
    try {
        result = await e.dotnet.invokeMethodAsync("SaveAsync", DotNet.createJSStreamReference(encode(e.body.value)));
    } catch {
        if (editor === e && e.saveSequence === sequence) {
            e.saving = 0;
            showStatus(ConnectionLostMessage, true);
        }
        return;
    }
    // A reply that arrives after a newer save started (the connection dropped in between) is old news, unless it saved.
    if (editor !== e || (e.saveSequence !== sequence && result?.outcome !== "saved")) return;
    e.saving = 0;
    handleSaveResult(e, result);
}

function handleSaveResult(e, result) {
    switch (result.outcome) {
        case "saved":
            clearDrafts(e);
            e.dirty = false;
            setUnsavedChanges(false);
            showStatus(result.message || "Saved.", false);
            Blazor.navigateTo(result.url);
            return;
        case "proposed":
            clearDrafts(e);
            e.dirty = false;
            setUnsavedChanges(false);
            e.loaded = snapshot(e);
            showStatus(result.message, false);
            if (result.url) appendProposalLinks(e, result.url);
            return;
        default:
            showStatus(result.message, true);
            if (result.focus) focus(result.focus);
    }
}

function onConnectionState(state) {
    const e = editor;
    if (!e) return;
    if (state === "show" || state === "failed" || state === "rejected") {
        writeDraftNow();
        if (e.saving) {
            // The reply to this save can no longer arrive: the server cannot say what happened, so say it here.
            e.saving = 0;
            showStatus(ConnectionLostMessage, true);
        }
    } else if (state === "hide") {
        // Back on the same circuit: a preview lost on the way is asked for again.
        e.previewBusy = false;
        e.previewedText = null;
        schedulePreview(e, 0);
    }
}

// ---- local drafts ----

function draftKey(e, baseVersion = e.baseVersion) {
    return `${DraftPrefix}${encodeURIComponent(e.user)}:${encodeURIComponent(e.article)}:${baseVersion}`;
}

function articlePrefix(e) {
    return `${DraftPrefix}${encodeURIComponent(e.user)}:${encodeURIComponent(e.article)}:`;
}

function snapshot(e) {
    const value = (id) => e.form.querySelector("#" + id)?.value ?? "";
    const categories = (e.form.querySelector("#editor-categories")?.dataset.order ?? "").split(",").filter((c) => c.length > 0);
    return {
        title: value("editor-title"), body: e.body.value, tags: value("editor-tags"), note: value("editor-note"), clients: value("editor-clients"),
        state: value("editor-state"), audience: value("editor-audience"), categories,
    };
}

function sameContent(a, b) {
    return a.title === b.title && a.body === b.body && a.tags === b.tags && a.note === b.note && (a.clients ?? "") === (b.clients ?? "") && a.state === b.state
        && a.audience === b.audience && a.categories.join(",") === b.categories.join(",");
}

function scheduleDraft(e) {
    clearTimeout(e.draftTimer);
    e.draftTimer = setTimeout(() => writeDraftNow(), DraftDelayMs);
}

/** Keeps what is on screen as the draft of this article and base version (once the text is loaded and something changed). */
function writeDraftNow() {
    const e = editor;
    if (!e || !e.loaded || !e.dirty || e.offered) return;
    clearTimeout(e.draftTimer);
    const draft = { ...snapshot(e), baseVersion: e.baseVersion, savedAt: Date.now() };
    const key = draftKey(e);
    const text = JSON.stringify(draft);
    if (!store(key, text)) {
        // Storage full: drop the oldest other drafts and try once more; say so if the copy still cannot be kept.
        for (const old of drafts().filter((d) => d.key !== key).slice(0, 5)) localStorage.removeItem(old.key);
        if (!store(key, text)) {
            e.draftNote.textContent = "This browser could not keep a copy of your changes (its storage is full). Save soon.";
            return;
        }
    }
    e.draftNote.textContent = `A copy of your changes is kept in this browser (${new Date(draft.savedAt).toLocaleTimeString()}).`;
    prune(key);
}

function store(key, text) {
    try {
        localStorage.setItem(key, text);
        return true;
    } catch {
        return false;
    }
}

/** Every editor draft in this browser, oldest first. */
function drafts() {
    const found = [];
    for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (!key?.startsWith(DraftPrefix)) continue;
        try {
            const value = JSON.parse(localStorage.getItem(key));
            found.push({ key, value });
        } catch {
            localStorage.removeItem(key);
        }
    }
    return found.sort((a, b) => (a.value.savedAt ?? 0) - (b.value.savedAt ?? 0));
}

function newestDraft(e) {
    const mine = drafts().filter((d) => d.key.startsWith(articlePrefix(e)) && typeof d.value.body === "string");
    return mine.length > 0 ? mine[mine.length - 1] : null;
}

function clearDrafts(e) {
    for (const d of drafts()) if (d.key.startsWith(articlePrefix(e))) localStorage.removeItem(d.key);
    if (e.draftNote) e.draftNote.textContent = "";
}

/** Old drafts go: more than a month old, or beyond the newest few. */
function prune(keep) {
    const all = drafts();
    const now = Date.now();
    all.forEach((d, i) => {
        if (d.key === keep) return;
        if (now - (d.value.savedAt ?? 0) > DraftMaxAgeMs || i < all.length - MaxDrafts) localStorage.removeItem(d.key);
    });
}

// ---- helpers ----

async function readText(streamReference) {
    return new TextDecoder().decode(await streamReference.arrayBuffer());
}

function encode(text) {
    return new TextEncoder().encode(text);
}

function format(n) {
    return n.toLocaleString("en-US");
}

function characters(n) {
    return `${format(n)} character${n === 1 ? "" : "s"}`;
}

// ---- leaving with unsaved changes ----

let unsaved = false;
const beforeUnload = (event) => {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";
};

// Links are followed by Blazor's enhanced navigation, which a page component cannot veto: ask here, in the capture
// phase, before Blazor sees the click.
const linkGuard = (event) => {
    if (!unsaved || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.target === "_blank") return;
    writeDraftNow();
    if (!window.confirm("You have unsaved changes. Leave this page? A copy stays in this browser and is offered when you edit this article again.")) {
        event.preventDefault();
        event.stopImmediatePropagation();
    }
};

/** Whether leaving would lose work; the browser then asks before following a link, closing or reloading. */
function setUnsavedChanges(value) {
    unsaved = value;
    if (value) {
        window.addEventListener("beforeunload", beforeUnload);
        document.addEventListener("click", linkGuard, true);
    } else {
        window.removeEventListener("beforeunload", beforeUnload);
        document.removeEventListener("click", linkGuard, true);
    }
}
