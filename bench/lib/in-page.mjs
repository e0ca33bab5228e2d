// What the benchmarks' scripts injected into a page share. An injected script is serialized on
// its own (it cannot import), so these are injected first (`addInitScript(HELPERS)`) and
// reached through the window.
export const HELPERS = () => {
  /** The element at the end of `path`, a selector per shadow root to enter, or null. */
  window.__pierce = (path) => {
    let node = document;
    for (const part of path) {
      node = (node.shadowRoot ?? node).querySelector(part);
      if (!node) return null;
    }
    return node;
  };
  /** `el`'s effective opacity through its ancestors and shadow hosts (0 when one is hidden). */
  window.__opacity = (el) => {
    let o = 1;
    for (let n = el; n; n = n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentElement) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden') return 0;
      o *= Number(s.opacity);
    }
    return o;
  };
};
