// Interactive targets smaller than 44 by 44 CSS px (tests/e2e/test_layout.py states the rule).
() => {
  const MIN = 44;
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.value || el.name || '').trim().slice(0, 30)}"`;
  const visible = (el) => {
    const r = el.getBoundingClientRect();  // a skip link waits above the page until focused
    return r.width > 1 && r.height > 1 && r.bottom + scrollY > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  // WCAG 2.5.8's inline exception: a link inside a sentence, i.e. an inline link with words
  // of running text beside it in its own line box (text of its parent, not of other blocks).
  const inSentence = (el) => {
    // Links in a <nav> (menus, page numbers) are never running text.
    if (el.tagName !== 'A' || el.closest('nav') || getComputedStyle(el).display !== 'inline') return false;
    let parent = el.parentElement;
    while (parent.parentElement && getComputedStyle(parent).display === 'inline' && !parent.matches('a, button, label')) {
      parent = parent.parentElement;
    }
    const text = [...parent.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
    return /\p{L}/u.test(text);
  };
  const box = (el) => {
    const r = el.getBoundingClientRect();
    const label = el.matches('input[type=checkbox], input[type=radio]') && (el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`)));
    if (!label) return r;
    const l = label.getBoundingClientRect();
    return { width: Math.max(r.right, l.right) - Math.min(r.left, l.left), height: Math.max(r.bottom, l.bottom) - Math.min(r.top, l.top) };
  };
  const problems = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!visible(el) || inSentence(el)) continue;
    const r = box(el);
    if (r.width < MIN - 0.5 || r.height < MIN - 0.5) problems.push(`${describe(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return problems;
}
