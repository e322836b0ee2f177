/**
 * The one stylesheet, served from /assets/admit.css (kept in code so the build needs no copy
 * step). System fonts, readable on a phone, visible focus, sufficient contrast.
 */
export const STYLESHEET = `
:root { --fg:#1b1f24; --muted:#57606a; --bg:#f6f8fa; --card:#fff; --line:#d0d7de; --accent:#0b57d0; --accent-fg:#fff; --danger:#b42318; }
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); line-height: 1.5; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 10; }
header.top { background: var(--card); border-bottom: 1px solid var(--line); padding: .75rem 1.25rem; display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
header.top .brand { font-weight: 600; font-size: 1.05rem; color: var(--fg); text-decoration: none; }
main { flex: 1; width: 100%; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }
main.wide { max-width: 48rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .35rem; }
input[type=text], input[type=email], input[type=password], input[type=tel], select { width: 100%; padding: .65rem .75rem; font: inherit; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
input:focus-visible, select:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #8ab4f8; outline-offset: 2px; }
button, .button { display: inline-block; margin-top: 1.25rem; width: 100%; padding: .7rem 1rem; font: inherit; font-weight: 600; color: var(--accent-fg); background: var(--accent); border: 0; border-radius: 8px; cursor: pointer; text-align: center; text-decoration: none; }
button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--line); }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
.alert { border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1rem; background: #fef3f2; color: var(--danger); border: 1px solid #fecdca; }
.field-error { color: var(--danger); font-size: .9rem; margin: .25rem 0 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem; }
@media (max-width: 480px) { main { margin: 1rem auto; } .card { padding: 1.1rem; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .5rem; } }
`;
