import { describe, expect, it } from 'vitest';
import { escapeHtml, safeHighlight } from '../../src/lib/highlight.ts';

describe('safeHighlight', () => {
  it('keeps the API’s <mark> around matched words', () => {
    expect(safeHighlight('<mark>Harbour</mark> at Low Tide')).toBe('<mark>Harbour</mark> at Low Tide');
  });

  it('keeps escaped text escaped, and a search for a script tag stays text', () => {
    const fromApi = '&lt;script&gt;alert(1)&lt;/script&gt; <mark>harbour</mark>';
    expect(safeHighlight(fromApi)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>harbour</mark>');
  });

  it('escapes markup the API should never have sent', () => {
    expect(safeHighlight('<img src=x onerror=alert(1)><mark>a</mark>')).toBe(
      '&lt;img src=x onerror=alert(1)&gt;<mark>a</mark>',
    );
    expect(safeHighlight('<mark onclick="x">a</mark>')).toBe('&lt;mark onclick=&quot;x&quot;&gt;a');
  });

  it('balances marks: a stray close is dropped, an open one is closed', () => {
    expect(safeHighlight('a</mark>b<mark>c')).toBe('ab<mark>c</mark>');
  });

  it('reads numeric entities as text and escapes the result', () => {
    expect(safeHighlight('&#60;b&#x3e; &amp; Chine-coll&#233;')).toBe('&lt;b&gt; &amp; Chine-collé');
  });

  it('escapeHtml escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
