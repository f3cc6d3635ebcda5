// Renders /openapi/v1.json without any third-party code (the CSP allows only our own scripts).
(function () {
    'use strict';
    const methods = ['get', 'post', 'put', 'patch', 'delete'];

    function el(tag, attrs, ...children) {
        const node = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
        for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
        return node;
    }

    function example(title, value) {
        if (value === undefined) return document.createTextNode('');
        return el('details', {}, el('summary', {}, title), el('pre', {}, JSON.stringify(value, null, 2)));
    }

    function render(doc) {
        const main = document.getElementById('operations');
        const toc = el('ul');
        main.textContent = '';
        let n = 0;
        for (const [path, item] of Object.entries(doc.paths || {})) {
            for (const method of methods) {
                const op = item[method];
                if (!op) continue;
                const id = 'op-' + (n++);
                toc.append(el('li', {}, el('a', { href: '#' + id }, `${method.toUpperCase()} ${path}`)));
                const section = el('section', { class: 'op', id, 'data-search': `${method} ${path} ${(op.tags || []).join(' ')} ${op.summary || ''} ${op.description || ''}`.toLowerCase() },
                    el('h2', {}, el('span', { class: 'method ' + method }, method), el('code', {}, path), ...(op.tags || []).map(t => el('span', { class: 'tag' }, t))),
                    el('p', {}, el('strong', {}, op.summary || '')),
                    el('p', {}, op.description || ''));
                const params = [...(item.parameters || []), ...(op.parameters || [])];
                if (params.length) {
                    const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'type'), el('th', {}, 'required')));
                    for (const p of params) table.append(el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.in), el('td', {}, (p.schema && (p.schema.type || p.schema.format)) || ''), el('td', {}, p.required ? 'yes' : '')));
                    section.append(table);
                }
                const body = op.requestBody && op.requestBody.content && Object.values(op.requestBody.content)[0];
                if (body) section.append(example('Request body example', body.example));
                for (const [status, response] of Object.entries(op.responses || {})) {
                    const media = response.content && Object.values(response.content)[0];
                    section.append(el('p', {}, el('code', {}, status), ' ', response.description || ''));
                    if (media) section.append(example(`Example ${status}`, media.example));
                }
                main.append(section);
            }
        }
        document.getElementById('toc').append(toc);
    }

    document.getElementById('filter').addEventListener('input', e => {
        const q = e.target.value.toLowerCase();
        for (const s of document.querySelectorAll('section.op')) s.hidden = q && !s.dataset.search.includes(q);
    });
    fetch('/openapi/v1.json').then(r => r.json()).then(render).catch(err => {
        document.getElementById('status').textContent = 'Could not load the OpenAPI document: ' + err;
    });
})();
