import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdownLang from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked, type Tokens } from 'marked';

// Markdown → HTML for the model's text, and code highlighting. The model's output is untrusted:
// raw HTML is shown as text and only http(s), mailto and relative links are kept.

const LANGS = { bash, css, diff, go, javascript, json, markdown: markdownLang, python, rust, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGS)) hljs.registerLanguage(name, lang);
hljs.registerAliases(['sh', 'shell', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['js', 'mjs', 'cjs', 'jsx'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['md'], { languageName: 'markdown' });
hljs.registerAliases(['rs'], { languageName: 'rust' });

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Highlighted HTML of code in `lang` (a name or a file extension); plain escaped text otherwise. */
export function highlight(code: string, lang: string | undefined): string {
  if (code.length > 200_000) return escapeHtml(code);
  if (lang && hljs.getLanguage(lang)) return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  return escapeHtml(code);
}

export const langOfPath = (p: string): string | undefined => /\.([A-Za-z0-9]+)$/.exec(p)?.[1]?.toLowerCase();

const safeUrl = (href: string) => /^(https?:|mailto:|#|\/|\.{0,2}\/|[\w.-]+(\/|$))/i.test(href) && !/^\s*(javascript|data|vbscript):/i.test(href);

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: (t: Tokens.HTML | Tokens.Tag) => escapeHtml(t.text),
    code: (t: Tokens.Code) => {
      const lang = t.lang?.split(/\s/)[0];
      return `<pre class="code"><code class="hljs">${highlight(t.text, lang)}</code></pre>`;
    },
    link(t: Tokens.Link) {
      const text = this.parser.parseInline(t.tokens);
      if (!safeUrl(t.href)) return text;
      return `<a href="${escapeHtml(t.href)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
    },
    image: (t: Tokens.Image) => escapeHtml(t.text ? `[image: ${t.text}]` : '[image]'),
  },
});

export function renderMarkdown(text: string): string {
  return marked.parse(text, { async: false });
}
