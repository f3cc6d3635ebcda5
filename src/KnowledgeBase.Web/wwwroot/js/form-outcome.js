// A refused form comes back with the field to fix focused (autofocus) and the reason under the form's button, in a
// FormOutcome the field names in aria-describedby. The browser scrolls only as far as the field — on a phone the reason
// can stay below the fold. When the page's own autofocus lands on such a field, bring the reason into view as well
// (nearest: the field, a few rows above it, stays in view). A focus the person moves themselves scrolls nothing more.
let pageFocus = true;

function reveal(field) {
    for (const id of (field.getAttribute?.('aria-describedby') ?? '').split(/\s+/)) {
        const outcome = id && document.getElementById(id);
        if (outcome && outcome.classList.contains('form-outcome')) {
            // After the browser's own scroll to the field, which comes with the focus.
            requestAnimationFrame(() => outcome.scrollIntoView({ block: 'nearest' }));
            return;
        }
    }
}

const revealFocused = () => {
    if (pageFocus && document.activeElement?.hasAttribute('autofocus')) reveal(document.activeElement);
};

const personActs = () => { pageFocus = false; };
document.addEventListener('pointerdown', personActs, true);
document.addEventListener('keydown', personActs, true);
// The focus moving onto the page's autofocus field (the target is then the active element).
document.addEventListener('focusin', revealFocused);
// Blazor's enhanced navigation brings a new page without a load: its autofocus is the page's again.
globalThis.Blazor?.addEventListener?.('enhancedload', () => {
    pageFocus = true;
    revealFocused();
});
// The autofocus may come before the page is laid out (seen under load), and the layout then moves the field after the
// browser scrolled to it: look again once everything has loaded.
revealFocused();
if (document.readyState !== 'complete') addEventListener('load', revealFocused, { once: true });
