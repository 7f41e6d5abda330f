// Building the page: every text goes in as a text node (never as HTML), so no value from the hub can become markup.

/** An element with attributes (on… = listeners) and children (nodes, or anything shown as text). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces what an element shows. */
export function show(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A table with a header row and one row per item; the table scrolls sideways on a phone. */
export function table(headers, rows, rowAttrs) {
  return h('div', { class: 'scroll' },
    h('table', null,
      h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
      h('tbody', null, rows.map((cells, i) => h('tr', rowAttrs ? rowAttrs(i) : null,
        cells.map((c) => h('td', null, c)))))));
}

/** A time as the browser's local date and time, or a dash. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}
