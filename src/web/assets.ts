/**
 * The one stylesheet, served from /assets/admit.css (kept in code so the build needs no copy
 * step). System fonts, readable on a phone, 44 px touch targets, a visible focus ring on every
 * control, WCAG AA contrast (the muted grey is 5.9:1 on white). No inline styles anywhere: the
 * CSP forbids them. The sign-up form's "email or username + phone" choice is pure CSS (:has).
 */
export const STYLESHEET = `
:root { --fg:#181c22; --muted:#596270; --bg:#f2f4f8; --card:#fff; --line:#d3d9e2; --field:#8a94a3; --accent:#1d5bd0; --accent-dark:#1549a8; --accent-soft:#e8effc; --accent-fg:#fff; --danger:#b42318; --danger-soft:#fef3f2; --ring:#7aa5f0; --radius:10px; }
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; font-size: 100%; color: var(--fg); background: var(--bg); line-height: 1.5; -webkit-text-size-adjust: 100%; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); text-underline-offset: .15em; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--ring); outline-offset: 2px; }
main:focus { outline: none; }
.skip { position: absolute; left: -999px; top: .5rem; z-index: 10; background: var(--card); padding: .5rem 1rem; border-radius: var(--radius); }
.skip:focus { left: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
header.top { background: var(--card); border-bottom: 1px solid var(--line); padding: .6rem clamp(1rem, 4vw, 2rem); display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; }
header.top .brand { display: inline-flex; align-items: center; gap: .6rem; min-height: 44px; font-weight: 650; font-size: 1.05rem; color: var(--fg); text-decoration: none; }
header.top .mark { display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: 8px; background: var(--accent); color: var(--accent-fg); font-size: 1rem; font-weight: 700; }
nav.langs ul { list-style: none; display: flex; gap: .25rem; margin: 0; padding: 0; }
nav.langs a { display: inline-flex; align-items: center; min-height: 44px; padding: 0 .7rem; border-radius: 999px; color: var(--muted); text-decoration: none; font-size: .95rem; }
nav.langs a:hover { background: var(--accent-soft); color: var(--accent-dark); }
nav.langs a[aria-current] { color: var(--accent-dark); background: var(--accent-soft); font-weight: 600; }
main { flex: 1; width: 100%; max-width: 30rem; margin: clamp(1rem, 6vh, 3.5rem) auto 2rem; padding: 0 1rem; }
main.wide { max-width: 48rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 16px; padding: clamp(1.25rem, 5vw, 2.25rem); box-shadow: 0 1px 2px rgba(16,24,40,.05), 0 8px 24px -12px rgba(16,24,40,.12); }
.card > :last-child { margin-bottom: 0; }
h1 { font-size: clamp(1.4rem, 4vw, 1.75rem); line-height: 1.25; letter-spacing: -.01em; margin: 0 0 .75rem; }
h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
p { margin: 0 0 1rem; }
.lead { color: var(--muted); }
form { margin: 0 0 1rem; }
.field { margin-top: 1.1rem; }
label, legend { display: block; font-weight: 600; margin: 1.1rem 0 .35rem; }
.field > label { margin-top: 0; }
input[type=text], input[type=email], input[type=password], input[type=tel], select { display: block; width: 100%; min-height: 44px; padding: .6rem .75rem; font: inherit; color: var(--fg); border: 1px solid var(--field); border-radius: var(--radius); background: #fff; transition: border-color .15s, box-shadow .15s; }
select { appearance: auto; }
input:hover, select:hover { border-color: var(--fg); }
input:focus-visible, select:focus-visible { outline: none; border-color: var(--accent); box-shadow: 0 0 0 3px var(--ring); }
.invalid input, .invalid select, [aria-invalid=true] { border-color: var(--danger); border-width: 2px; }
.hint { color: var(--muted); font-size: .9rem; margin: -.1rem 0 .4rem; }
.field-error { color: var(--danger); font-size: .92rem; font-weight: 600; margin: 0 0 .4rem; }
.field.invalid { border-left: 3px solid var(--danger); padding-left: .75rem; }
button, .button { display: flex; align-items: center; justify-content: center; margin-top: 1.5rem; width: 100%; min-height: 44px; padding: .65rem 1rem; font: inherit; font-weight: 600; color: var(--accent-fg); background: var(--accent); border: 1px solid var(--accent); border-radius: var(--radius); cursor: pointer; text-align: center; text-decoration: none; transition: background .15s; }
button:hover, .button:hover { background: var(--accent-dark); color: var(--accent-fg); }
button.secondary, .button.secondary { background: var(--card); color: var(--accent-dark); border-color: var(--line); }
button.secondary:hover, .button.secondary:hover { background: var(--accent-soft); color: var(--accent-dark); }
.alert { border-radius: var(--radius); padding: .8rem 1rem; margin: 0 0 1rem; background: var(--danger-soft); color: var(--danger); border: 1px solid #f5c2bc; }
.error-summary ul { margin: 0; padding-left: 1.1rem; }
.error-summary a { color: var(--danger); font-weight: 600; }
.error-summary:focus { outline: 3px solid var(--ring); outline-offset: 2px; }
.row { display: grid; gap: 0 1rem; align-items: end; }
@media (min-width: 34rem) { .row { grid-template-columns: 1fr 1fr; } }
fieldset.choice { border: 0; margin: 1.1rem 0 0; padding: 0; min-width: 0; }
fieldset.choice legend { margin: 0 0 .4rem; padding: 0; }
.radio { position: relative; display: flex; align-items: center; gap: .65rem; margin-top: .4rem; padding: .55rem .8rem; border: 1px solid var(--line); border-radius: var(--radius); }
.radio:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); }
.radio input { width: 1.2rem; height: 1.2rem; margin: 0; accent-color: var(--accent); flex: none; }
.radio label { margin: 0; font-weight: 500; flex: 1; cursor: pointer; min-height: 28px; display: flex; align-items: center; }
form:has(#method-email:checked) .when-username, form:has(#method-username:checked) .when-email { display: none; }
.hp { display: none; }
.switch { margin-top: 1.5rem; padding-top: 1.25rem; border-top: 1px solid var(--line); text-align: center; color: var(--muted); }
.switch a { font-weight: 600; white-space: nowrap; }
ul.sso-options { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: .6rem; }
ul.sso-options .button { margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .6rem 1.25rem; margin: 0 0 .5rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; background: var(--bg); padding: .1rem .3rem; border-radius: 4px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem 1rem 1.5rem; }
footer p { margin: 0; }
@media (max-width: 30rem) { main { margin-top: 1rem; padding: 0 .75rem; } .card { border-radius: 12px; } dl.facts { grid-template-columns: 1fr; gap: .1rem; } dl.facts dd { margin-bottom: .6rem; } }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;
