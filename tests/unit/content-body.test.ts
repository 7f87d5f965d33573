import { plainText, renderBody, sanitizeBody } from '../../src/modules/content/body';

describe('sanitizeBody: the allowlist', () => {
  test.each([
    ['<script>alert(1)</script>ok', 'ok'],
    ['<svg><script>alert(1)</script></svg>k', 'k'],
    ['<img src=x onerror=alert(1)>foto', 'foto'],
    ['<iframe src="https://contoh.example"></iframe>z', 'z'],
    ['<style>body{display:none}</style>s', 's'],
    ['<form action="/keluar"><button>x</button></form>', 'x'],
    ['<p onclick="x()" style="color:red" class="c" id="i">p</p>', '<p>p</p>'],
    ['<math><mi xlink:href="javascript:alert(1)">m</mi></math>', 'm'],
    ['<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>', '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'],
    ['<h1 class="x">Judul</h1>', '<h2>Judul</h2>'],
    ['<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6>', '<h2>a</h2><h3>b</h3><h4>c</h4>de'],
    [
      '<blockquote><strong>b</strong> <em>i</em> <code>c</code></blockquote><hr /><ul><li>x</li></ul><ol><li>y</li></ol>',
      '<blockquote><strong>b</strong> <em>i</em> <code>c</code></blockquote><hr /><ul><li>x</li></ul><ol><li>y</li></ol>',
    ],
  ])('%s → %s', (input, output) => {
    expect(sanitizeBody(input)).toBe(output);
  });

  test.each([
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java&#x09;script:alert(1)',
    'jav&#x0A;ascript:alert(1)',
    '&#106;avascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'ftp://contoh.example/f',
    'file:///etc/passwd',
    '//evil.example/x',
  ])('href %s is dropped', (href) => {
    expect(sanitizeBody(`<a href="${href}">x</a>`)).toBe('<a>x</a>');
  });

  test('http(s) links get rel="nofollow ugc noopener", whatever rel/target/on* they had', () => {
    expect(sanitizeBody('<a href="https://contoh.example/a" rel="opener" target="_blank" onclick="x()">a</a>')).toBe('<a href="https://contoh.example/a" rel="nofollow ugc noopener">a</a>');
    expect(sanitizeBody('<a href="HTTP://CONTOH.example">b</a>')).toBe('<a href="HTTP://CONTOH.example" rel="nofollow ugc noopener">b</a>');
  });

  test('mailto, tel, local paths and fragments stay, without rel', () => {
    expect(sanitizeBody('<a href="mailto:desa@contoh.example">m</a>')).toBe('<a href="mailto:desa@contoh.example">m</a>');
    expect(sanitizeBody('<a href="tel:+6281234567890">t</a>')).toBe('<a href="tel:+6281234567890">t</a>');
    expect(sanitizeBody('<a href="/desa/kalilandak" rel="x">d</a>')).toBe('<a href="/desa/kalilandak">d</a>');
    expect(sanitizeBody('<a href="#jadwal">j</a>')).toBe('<a href="#jadwal">j</a>');
  });
});

describe('renderBody: Markdown', () => {
  test('headings, emphasis, lists, line breaks; # becomes h2', () => {
    expect(renderBody('# Judul\n\n**tebal** dan *miring*\n\n- satu\n- dua\n\nbaris1\nbaris2')).toBe(
      '<h2>Judul</h2>\n<p><strong>tebal</strong> dan <em>miring</em></p>\n<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>\n<p>baris1<br />\nbaris2</p>\n',
    );
  });

  test('raw HTML is shown as text, never as markup', () => {
    expect(renderBody('<b>tebal</b> <script>alert(1)</script>')).toBe('<p>&lt;b&gt;tebal&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(renderBody('"><svg onload=alert(1)>')).toBe('<p>"&gt;&lt;svg onload=alert(1)&gt;</p>\n');
    expect(renderBody('```\n<script>\n```')).toBe('<pre><code>&lt;script&gt;\n</code></pre>\n');
  });

  test('links: javascript: stays text; http(s) get rel; bare URLs are linked; images are dropped', () => {
    expect(renderBody('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
    expect(renderBody('[x](<javascript:alert(1)>)')).not.toMatch(/href/);
    expect(renderBody('[x](JAVASCRIPT:alert(1))')).not.toMatch(/href/);
    expect(renderBody('[situs](https://contoh.example/a)')).toBe('<p><a href="https://contoh.example/a" rel="nofollow ugc noopener">situs</a></p>\n');
    expect(renderBody('lihat https://contoh.example/b')).toBe('<p>lihat <a href="https://contoh.example/b" rel="nofollow ugc noopener">https://contoh.example/b</a></p>\n');
    expect(renderBody('[surel](mailto:desa@contoh.example) [telepon](tel:+62812)')).toBe('<p><a href="mailto:desa@contoh.example">surel</a> <a href="tel:+62812">telepon</a></p>\n');
    expect(renderBody('![foto](https://contoh.example/f.png)')).toBe('<p></p>\n');
  });

  test('a hostile source never yields a tag or attribute outside the allowlist', () => {
    const source = ['<img src=x onerror=alert(1)>', '[a](data:text/html,x)', '[b](vbscript:x)', '<a href="javascript:x">c</a>', '[d](java\u0000script:alert(1))'].join('\n\n');
    const html = renderBody(source);
    for (const [, tag, attrs] of html.matchAll(/<([a-z0-9]+)\b([^>]*)>/gi)) {
      expect(['p', 'a', 'br']).toContain(tag);
      expect(attrs).not.toMatch(/\son\w+=|\ssrc=|\sstyle=/i);
      for (const [, href] of attrs.matchAll(/href="([^"]*)"/g)) expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
  });
});

test('plainText strips every tag and collapses white space', () => {
  expect(plainText('<h2>Judul</h2>\n<p>satu <strong>dua</strong></p>\n<p>tiga</p>')).toBe('Judul satu dua tiga');
});
