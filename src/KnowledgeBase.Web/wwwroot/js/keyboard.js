// Keyboard helpers for the search page. Loaded as a module through JS interop (CSP: script-src 'self').

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

// The search page keeps its query in the address. That update travels from the server and can arrive after the user
// has already clicked a result and left the page; navigating then would pull them back to the search. So the address
// is updated only while the browser is still on the page that asked for it.
export function updateAddressIfStillOn(pathname, url, replace) {
    if (location.pathname !== pathname) return false;
    Blazor.navigateTo(url, { replaceHistoryEntry: replace });
    return true;
}
