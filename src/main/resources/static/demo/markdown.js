/*
 * A tiny, safe markdown renderer for the subset CDS cards use: paragraphs, bullet and numbered
 * lists (with indented continuation lines and one level of nesting), headings, **bold**,
 * *italic*, `inline code`, [links](https://...) and bare http(s) URLs.
 *
 * It builds DOM nodes with createElement/textContent only; it never parses HTML, so markup in a
 * card (e.g. "<img onerror=...>") is shown as text. Links are kept only for http(s) URLs and open
 * in a new tab without a referrer.
 */
(function (global) {
  'use strict';

  var ESCAPABLE = '\\`*_[]()#+-.!<>{}|~';

  function isSpace(ch) {
    return ch === undefined || ch === '' || /\s/.test(ch);
  }

  function isPunct(ch) {
    return ch !== undefined && /[!-\/:-@\[-`{-~\u00a0-\u00bf\u2010-\u2027\u2030-\u205e]/.test(ch);
  }

  function safeUrl(url) {
    return /^https?:\/\/[^\s<>"]+$/i.test(url) ? url : null;
  }

  function link(doc, url, parent) {
    var a = doc.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    parent.appendChild(a);
    return a;
  }

  /** Position of the closing emphasis delimiter for an opener at i, or -1. */
  function emphasisEnd(text, i, marker) {
    var before = text[i - 1];
    var after = text[i + marker.length];
    // Opener: followed by non-space, and not inside a word (so 10*9/L and 1.73_m2 stay literal).
    if (isSpace(after) || !(isSpace(before) || isPunct(before))) {
      return -1;
    }
    var j = text.indexOf(marker, i + marker.length + 1);
    while (j !== -1) {
      var prev = text[j - 1];
      var next = text[j + marker.length];
      if (!isSpace(prev) && (isSpace(next) || isPunct(next)) && text[j + marker.length] !== marker[0]) {
        return j;
      }
      j = text.indexOf(marker, j + 1);
    }
    return -1;
  }

  function inline(doc, text, parent) {
    var buffer = '';
    var i = 0;
    function flush() {
      if (buffer) {
        parent.appendChild(doc.createTextNode(buffer));
        buffer = '';
      }
    }
    while (i < text.length) {
      var ch = text[i];
      if (ch === '\\' && i + 1 < text.length && ESCAPABLE.indexOf(text[i + 1]) !== -1) {
        buffer += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === '`') {
        var close = text.indexOf('`', i + 1);
        if (close > i + 1) {
          flush();
          var code = doc.createElement('code');
          code.textContent = text.slice(i + 1, close);
          parent.appendChild(code);
          i = close + 1;
          continue;
        }
      }
      if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
        var strongEnd = emphasisEnd(text, i, ch + ch);
        if (strongEnd !== -1) {
          flush();
          var strong = doc.createElement('strong');
          inline(doc, text.slice(i + 2, strongEnd), strong);
          parent.appendChild(strong);
          i = strongEnd + 2;
          continue;
        }
      } else if (ch === '*' || ch === '_') {
        var emEnd = emphasisEnd(text, i, ch);
        if (emEnd !== -1) {
          flush();
          var em = doc.createElement('em');
          inline(doc, text.slice(i + 1, emEnd), em);
          parent.appendChild(em);
          i = emEnd + 1;
          continue;
        }
      }
      if (ch === '[') {
        var labelEnd = text.indexOf('](', i + 1);
        var urlEnd = labelEnd === -1 ? -1 : text.indexOf(')', labelEnd + 2);
        if (labelEnd !== -1 && urlEnd !== -1) {
          var url = safeUrl(text.slice(labelEnd + 2, urlEnd).trim());
          flush();
          inline(doc, text.slice(i + 1, labelEnd), url ? link(doc, url, parent) : parent);
          i = urlEnd + 1;
          continue;
        }
      }
      if ((ch === 'h' || ch === 'H') && /^https?:\/\//i.test(text.slice(i, i + 8)) &&
          (i === 0 || isSpace(text[i - 1]) || text[i - 1] === '(')) {
        var match = /^https?:\/\/[^\s<>"]+/i.exec(text.slice(i));
        var bare = match[0].replace(/[.,;:!?)\]]+$/, '');
        flush();
        link(doc, bare, parent).textContent = bare;
        i += bare.length;
        continue;
      }
      buffer += ch;
      i += 1;
    }
    flush();
  }

  /** Splits markdown into blocks: {type: 'p'|'h'|'list', ...}. */
  function blocks(markdown) {
    var lines = String(markdown === undefined || markdown === null ? '' : markdown)
      .replace(/\r\n?/g, '\n').split('\n');
    var out = [];
    var paragraph = null;
    var list = null; // {type:'list', ordered, items:[{text, children:list|null}]}
    function endParagraph() {
      if (paragraph) {
        out.push({ type: 'p', text: paragraph.join(' ') });
        paragraph = null;
      }
    }
    function endList() {
      if (list) {
        out.push(list);
        list = null;
      }
    }
    lines.forEach(function (line) {
      if (/^\s*$/.test(line)) {
        endParagraph();
        endList();
        return;
      }
      var item = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
      if (item) {
        endParagraph();
        var indent = item[1].length;
        var ordered = /\d/.test(item[2]);
        if (list && indent >= 2 && list.items.length) {
          var parent = list.items[list.items.length - 1];
          if (!parent.children) {
            parent.children = { type: 'list', ordered: ordered, items: [] };
          }
          parent.children.items.push({ text: item[3], children: null });
          return;
        }
        if (list && list.ordered !== ordered) {
          endList();
        }
        if (!list) {
          list = { type: 'list', ordered: ordered, items: [] };
        }
        list.items.push({ text: item[3], children: null });
        return;
      }
      var heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) {
        endParagraph();
        endList();
        out.push({ type: 'h', level: heading[1].length, text: heading[2] });
        return;
      }
      if (list) {
        // A continuation line (indented or lazy) belongs to the last item, or to its last child.
        var last = list.items[list.items.length - 1];
        var target = last.children && /^\s{4,}/.test(line)
          ? last.children.items[last.children.items.length - 1] : last;
        target.text += ' ' + line.trim();
        return;
      }
      (paragraph = paragraph || []).push(line.trim());
    });
    endParagraph();
    endList();
    return out;
  }

  function renderList(doc, list, parent) {
    var element = doc.createElement(list.ordered ? 'ol' : 'ul');
    list.items.forEach(function (item) {
      var li = doc.createElement('li');
      inline(doc, item.text, li);
      if (item.children) {
        renderList(doc, item.children, li);
      }
      element.appendChild(li);
    });
    parent.appendChild(element);
  }

  /** Renders markdown into a DocumentFragment (text only, never HTML). */
  function render(markdown, doc) {
    doc = doc || global.document;
    var fragment = doc.createDocumentFragment();
    blocks(markdown).forEach(function (block) {
      if (block.type === 'p') {
        var p = doc.createElement('p');
        inline(doc, block.text, p);
        fragment.appendChild(p);
      } else if (block.type === 'h') {
        var h = doc.createElement('h' + Math.min(6, block.level + 3));
        inline(doc, block.text, h);
        fragment.appendChild(h);
      } else {
        renderList(doc, block, fragment);
      }
    });
    return fragment;
  }

  global.HemaMarkdown = { render: render, blocks: blocks };
})(window);
