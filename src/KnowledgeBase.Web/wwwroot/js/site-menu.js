// The header's menus: the phone menu, and the Admin and account drop-downs. A button with data-menu-button opens and
// closes the panel it controls (aria-controls); a click elsewhere, Escape, or following a link closes them. The layout
// is static HTML (no circuit), so this listens on the document and survives Blazor's enhanced navigation.
const buttons = () => document.querySelectorAll('[data-menu-button][aria-expanded="true"]');

function setOpen(button, open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    document.getElementById(button.getAttribute('aria-controls'))?.classList.toggle('open', open);
}

function closeAll(except) {
    for (const button of buttons()) {
        if (except && (button === except || document.getElementById(button.getAttribute('aria-controls'))?.contains(except))) continue;
        setOpen(button, false);
    }
}

document.addEventListener('click', event => {
    const button = event.target.closest('[data-menu-button]');
    if (button) {
        closeAll(button);
        setOpen(button, button.getAttribute('aria-expanded') !== 'true');
        return;
    }
    if (event.target.closest('.site-header a') || !event.target.closest('.site-header')) closeAll();
});

document.addEventListener('keydown', event => {
    if (event.key !== 'Escape') return;
    const open = [...buttons()];
    if (open.length === 0) return;
    closeAll();
    open[open.length - 1].focus();
});
