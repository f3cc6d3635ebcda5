// Keyboard helpers for the search page and the editor. Loaded as a module through JS interop (CSP: script-src 'self').

let slashHandler = null;

/** "/" anywhere outside a text field focuses the search box. */
export function enableSlashFocus(inputId) {
    disableSlashFocus();
    slashHandler = (event) => {
        if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
        const target = event.target;
        const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target?.isContentEditable;
        if (typing) return;
        const input = document.getElementById(inputId);
        if (!input) return;
        event.preventDefault();
        input.focus();
        input.select();
    };
    document.addEventListener("keydown", slashHandler);
}

export function disableSlashFocus() {
    if (slashHandler) document.removeEventListener("keydown", slashHandler);
    slashHandler = null;
}

/** Keeps the highlighted result in view while moving with the arrow keys. */
export function scrollIntoView(elementId) {
    document.getElementById(elementId)?.scrollIntoView({ block: "nearest" });
}

let dirty = false;
const beforeUnload = (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
};

// Links are followed by Blazor's enhanced navigation, which a page component cannot veto: ask here, in the capture
// phase, before Blazor sees the click.
const linkGuard = (event) => {
    if (!dirty || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.target === "_blank") return;
    if (!window.confirm("You have unsaved changes. Leave this page and lose them?")) {
        event.preventDefault();
        event.stopImmediatePropagation();
    }
};

/** The editor tells the page whether leaving would lose work; the browser then asks before following a link, closing or reloading. */
export function setUnsavedChanges(value) {
    dirty = value;
    if (value) {
        window.addEventListener("beforeunload", beforeUnload);
        document.addEventListener("click", linkGuard, true);
    } else {
        window.removeEventListener("beforeunload", beforeUnload);
        document.removeEventListener("click", linkGuard, true);
    }
}

// The search page keeps its query in the address. That update travels from the server and can arrive after the user
// has already clicked a result and left the page; navigating then would pull them back to the search. So the address
// is updated only while the browser is still on the page that asked for it.
export function updateAddressIfStillOn(pathname, url, replace) {
    if (location.pathname !== pathname) return false;
    Blazor.navigateTo(url, { replaceHistoryEntry: replace });
    return true;
}
