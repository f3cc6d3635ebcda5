// The PSA ticket panel. Plain forms do the work; this only keeps the browser's grant ("keep this browser connected")
// in the frame's own storage (partitioned by the PSA's site in current browsers), resumes with it, opens the connect
// window as a small popup, and keeps a double click from sending a form twice.
(() => {
    const body = document.body;
    const key = 'kb-psa-grant:' + (body.dataset.slug || '');
    const storage = (() => { try { return window.localStorage; } catch { return null; } })();

    if (body.dataset.forgetGrant && storage) storage.removeItem(key);
    if (body.dataset.grant && storage) {
        storage.setItem(key, JSON.stringify({ grant: body.dataset.grant, expires: body.dataset.grantExpires }));
    }

    const resume = document.getElementById('resume-form');
    if (resume && storage) {
        let kept = null;
        try { kept = JSON.parse(storage.getItem(key) || 'null'); } catch { kept = null; }
        if (kept && kept.grant && Date.parse(kept.expires) > Date.now()) {
            resume.elements.grant.value = kept.grant;
            resume.submit();
            return;
        }
        if (kept) storage.removeItem(key);
    }

    const connect = document.getElementById('connect');
    if (connect) {
        connect.addEventListener('click', event => {
            const popup = window.open(connect.href, 'kb-connect', 'popup,width=520,height=640');
            if (popup) event.preventDefault();
        });
    }

    const disconnect = document.getElementById('disconnect');
    if (disconnect) {
        disconnect.addEventListener('click', () => {
            if (storage) storage.removeItem(key);
            window.location.replace(window.location.pathname);
        });
    }

    for (const form of document.querySelectorAll('form[method="post"]')) {
        form.addEventListener('submit', () => {
            // After the form data is taken: disabling first would drop the pressed button's own value.
            setTimeout(() => form.querySelectorAll('button').forEach(b => { b.disabled = true; }), 0);
        });
    }

    const message = document.getElementById('panel-message');
    const focus = body.dataset.focus && document.querySelector(`li[data-article="${CSS.escape(body.dataset.focus)}"]`);
    if (focus) focus.classList.add('just-changed');
    if (message) message.focus();
})();
