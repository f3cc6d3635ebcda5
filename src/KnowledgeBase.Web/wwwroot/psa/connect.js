// The connect window hands its one-time code back to the panel that opened it, and only to a window of this same
// origin (reading another origin's location throws): a page elsewhere that opened this window gets nothing.
(() => {
    const handoff = document.getElementById('handoff');
    if (!handoff) return;
    let sent = false;
    try {
        if (window.opener && window.opener.location.origin === window.location.origin) {
            window.opener.location.replace(handoff.dataset.panelUrl);
            sent = true;
        }
    } catch {
        sent = false;
    }
    if (sent) {
        document.getElementById('handoff-status').textContent = 'Connected. This window closes itself.';
        window.close();
    } else {
        document.getElementById('handoff-status').textContent = 'Connected, but the panel could not be told.';
        document.getElementById('handoff-manual').hidden = false;
    }
})();
