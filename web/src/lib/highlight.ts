// Search answers carry HTML highlights (the text escaped, matched words in <mark>). The gallery
// does not trust that HTML as it comes: it keeps only <mark> and </mark>, reads every other part
// as text (undoing the API's escaping) and escapes it again, so nothing else can ever become markup.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function decodeEntities(html: string): string {
  return html.replace(/&(#?[a-z0-9]+);/gi, (whole, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known) return known;
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#(\d+)$/.exec(name)?.[1];
    if (code === undefined) return whole;
    const point = name.startsWith('#x') || name.startsWith('#X') ? Number.parseInt(code, 16) : Number(code);
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  });
}

/** Safe HTML for `{@html}`: the text escaped, only balanced <mark> elements kept. */
export function safeHighlight(html: string): string {
  let out = '';
  let open = false;
  for (const part of html.split(/(<\/?mark>)/i)) {
    const tag = part.toLowerCase();
    if (tag === '<mark>') {
      if (!open) out += '<mark>';
      open = true;
    } else if (tag === '</mark>') {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeHtml(decodeEntities(part));
    }
  }
  return open ? `${out}</mark>` : out;
}
