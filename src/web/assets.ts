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
/* ==== console-core: the administration console (src/console) — owned by console-core ==== */
body.console { background: #f6f7fa; }
body.console button, body.console .button { width: auto; margin-top: 0; display: inline-flex; padding: .5rem 1rem; min-height: 40px; }
body.console button.small, body.console .button.small { min-height: 34px; padding: .3rem .75rem; font-size: .9rem; }
body.console button.danger, body.console .button.danger { background: var(--card); color: var(--danger); border-color: #f1b5ae; }
body.console button.danger:hover { background: var(--danger-soft); }
body.console button.link { background: none; border: 0; color: var(--accent); padding: 0 .25rem; min-height: 40px; font-weight: 500; text-decoration: underline; text-underline-offset: .15em; }
body.console button.link:hover { color: var(--accent-dark); background: none; }
body.console label, body.console legend { margin: 0 0 .3rem; font-size: .92rem; }
body.console .field { margin-top: .9rem; }
body.console input[type=text], body.console input[type=email], body.console input[type=tel], body.console input[type=search], body.console select { min-height: 40px; padding: .45rem .65rem; }
body.console input[type=search] { display: block; width: 100%; font: inherit; border: 1px solid var(--field); border-radius: var(--radius); background: #fff; }
body.console form { margin: 0; }
body.console form.inline { display: inline; }
.console-top { background: #111827; color: #f9fafb; padding: .4rem clamp(1rem, 3vw, 1.5rem); display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; }
.console-top .brand { display: inline-flex; align-items: center; gap: .6rem; min-height: 44px; font-weight: 650; color: #fff; text-decoration: none; }
.console-top .mark { display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: 8px; background: var(--accent); color: #fff; font-weight: 700; }
.console-tag { font-weight: 500; font-size: .8rem; color: #cbd5e1; border: 1px solid #374151; border-radius: 999px; padding: .05rem .55rem; }
.console-account { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
.console-account a, body.console .console-top button.link { color: #e5e7eb; }
.console-account a:hover, body.console .console-top button.link:hover { color: #fff; }
.console-top nav.langs a { color: #cbd5e1; min-height: 36px; }
.console-top nav.langs a:hover, .console-top nav.langs a[aria-current] { background: #1f2937; color: #fff; }
.console-frame { flex: 1; display: grid; grid-template-columns: 14.5rem minmax(0, 1fr); }
.console-nav { background: var(--card); border-right: 1px solid var(--line); padding: 1.25rem .75rem; }
.console-nav h2 { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1rem .6rem .35rem; }
.console-nav h2:first-child { margin-top: 0; }
.console-nav ul { list-style: none; margin: 0; padding: 0; }
.console-nav a { display: flex; align-items: center; min-height: 38px; padding: 0 .75rem; border-radius: 8px; color: var(--fg); text-decoration: none; font-size: .95rem; }
.console-nav a:hover { background: var(--bg); }
.console-nav a[aria-current=page] { background: var(--accent-soft); color: var(--accent-dark); font-weight: 650; box-shadow: inset 3px 0 0 var(--accent); }
main.console-main { max-width: 80rem; margin: 0; padding: 1.5rem clamp(1rem, 3vw, 2.25rem) 3rem; width: 100%; }
.page-head { display: flex; flex-wrap: wrap; align-items: flex-start; justify-content: space-between; gap: 1rem; margin-bottom: 1.25rem; }
.page-head h1 { margin: 0 0 .2rem; font-size: 1.5rem; }
.page-head .lead { margin: 0; }
.page-actions, .button-row, .form-actions { display: flex; align-items: center; gap: .5rem; flex-wrap: wrap; }
.form-actions { margin-top: 1.25rem; }
.button-row { margin-top: 1rem; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.1rem 1.25rem; margin: 0 0 1.25rem; box-shadow: 0 1px 2px rgba(16,24,40,.04); }
.panel > h2 { font-size: 1rem; margin: 0 0 .75rem; }
.grid-2 { display: grid; gap: 0 1.25rem; }
@media (min-width: 60rem) { .grid-2 { grid-template-columns: 1fr 1fr; } }
body.console form.filters, .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .25rem .9rem; align-items: end; background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: .25rem 1.1rem 1rem; margin-bottom: 1rem; }
.filters .filter-search { grid-column: span 2; }
.filters .filter-actions { display: flex; gap: .5rem; align-items: end; margin-top: .9rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
.inline-form .field { flex: 1 1 16rem; margin-top: 0; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 12px; margin-bottom: 1rem; }
table.data { width: 100%; border-collapse: collapse; font-size: .93rem; }
table.data th, table.data td { text-align: left; padding: .6rem .9rem; border-bottom: 1px solid #e7ebf0; vertical-align: top; }
table.data thead th { background: #f9fafb; color: var(--muted); font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; font-weight: 650; }
table.data tbody tr:last-child th, table.data tbody tr:last-child td { border-bottom: 0; }
table.data tbody tr:hover { background: #fafbfd; }
table.data tbody th { font-weight: 600; }
table.data tbody th a { text-decoration: none; }
table.data tbody th a:hover { text-decoration: underline; }
table.data .sub, .sub { display: block; color: var(--muted); font-weight: 400; font-size: .86rem; }
table.data td.actions { text-align: right; white-space: nowrap; }
table.data td.actions > * + * { margin-left: .35rem; }
.nowrap { white-space: nowrap; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
.empty { background: var(--card); border: 1px dashed var(--line); border-radius: 12px; padding: 2rem; text-align: center; color: var(--muted); }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .78rem; font-weight: 650; line-height: 1.5; white-space: nowrap; border: 1px solid transparent; }
.badge-ok { background: #ecfdf3; color: #05603a; border-color: #abefc6; }
.badge-warn { background: #fffaeb; color: #93370d; border-color: #fedf89; }
.badge-danger { background: var(--danger-soft); color: var(--danger); border-color: #fecdca; }
.badge-info { background: var(--accent-soft); color: var(--accent-dark); border-color: #c7d7fe; }
.badge-muted { background: #f2f4f7; color: #475467; border-color: #e4e7ec; }
.pager { display: flex; justify-content: space-between; align-items: center; gap: 1rem; color: var(--muted); font-size: .92rem; }
.pager p { margin: 0; }
.pager ul { list-style: none; display: flex; gap: .5rem; margin: 0; padding: 0; }
.pager a, .pager span { display: inline-flex; align-items: center; min-height: 36px; padding: 0 .8rem; border: 1px solid var(--line); border-radius: 8px; background: var(--card); text-decoration: none; }
.pager span[aria-disabled] { color: #98a2b3; }
.flash { border-radius: 10px; padding: .75rem 1rem; margin: 0 0 1rem; font-weight: 500; }
.flash-ok { background: #ecfdf3; color: #05603a; border: 1px solid #abefc6; }
.flash-error { background: var(--danger-soft); color: var(--danger); border: 1px solid #fecdca; }
details.menu { position: relative; }
details.menu > summary { list-style: none; display: inline-grid; place-items: center; width: 40px; height: 40px; border: 1px solid var(--line); border-radius: var(--radius); background: var(--card); cursor: pointer; font-size: 1.2rem; font-weight: 700; }
details.menu > summary::-webkit-details-marker { display: none; }
details.menu > summary:hover { background: var(--accent-soft); }
details.menu > ul { position: absolute; right: 0; top: calc(100% + .35rem); z-index: 5; min-width: 13rem; list-style: none; margin: 0; padding: .35rem; background: var(--card); border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 12px 32px -12px rgba(16,24,40,.25); }
details.menu > ul a { display: flex; align-items: center; min-height: 38px; padding: 0 .75rem; border-radius: 6px; color: var(--fg); text-decoration: none; }
details.menu > ul a:hover { background: var(--accent-soft); color: var(--accent-dark); }
nav.tabs ul { list-style: none; display: flex; gap: .25rem; margin: 0 0 1rem; padding: 0; border-bottom: 1px solid var(--line); }
nav.tabs a { display: inline-flex; align-items: center; min-height: 40px; padding: 0 1rem; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; margin-bottom: -1px; }
nav.tabs a[aria-current=page] { color: var(--accent-dark); border-bottom-color: var(--accent); font-weight: 650; }
fieldset.checks { border: 0; padding: 0; margin: .9rem 0 0; min-width: 0; }
.check-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .35rem .75rem; }
label.check { display: flex; align-items: center; gap: .5rem; font-weight: 500; margin: 0; min-height: 36px; }
label.check input { width: 1.1rem; height: 1.1rem; accent-color: var(--accent); }
.req { color: var(--danger); }
.user-form { max-width: 52rem; }
body.console .row { align-items: start; }
.user-form > .hint { margin: 1rem 0 -.4rem; }
ul.plain { list-style: none; margin: 0; padding: 0; }
.secret code { font-size: 1.4rem; padding: .4rem .8rem; letter-spacing: .04em; user-select: all; }
progress { width: 100%; height: .9rem; accent-color: var(--accent); }
dl.counts { grid-template-columns: repeat(4, max-content 1fr); }
@media (max-width: 52rem) { .console-frame { grid-template-columns: 1fr; } .console-nav { border-right: 0; border-bottom: 1px solid var(--line); } .console-nav ul { display: flex; flex-wrap: wrap; gap: .25rem; } .filters .filter-search { grid-column: auto; } dl.counts { grid-template-columns: max-content 1fr; } }
/* console review: at phone width the frame's single column may shrink below its content (a wide
   table scrolls inside its .table-wrap instead of widening the page); long values wrap. */
@media (max-width: 52rem) { .console-frame { grid-template-columns: minmax(0, 1fr); } }
main.console-main { min-width: 0; overflow-wrap: break-word; }
main.console-main code, main.console-main pre { white-space: pre-wrap; overflow-wrap: anywhere; }
nav.tabs ul { flex-wrap: wrap; }
/* Visually hidden text (position: absolute) inside a scrolled table must scroll with it, not widen the page. */
.table-wrap { position: relative; }
table.data tbody th .markers { display: flex; flex-wrap: wrap; gap: .3rem; margin-top: .2rem; }
table.data tbody th .markers:empty { display: none; }
@media (max-width: 30rem) { nav.tabs a { padding: 0 .6rem; } }
/* console-polish: the navigation is a <details> "Menu" (no JavaScript). A phone shows only the
   toggle (with the open section's name) until it is opened; a wide screen shows the sections and
   hides the toggle. A browser without ::details-content keeps a working toggle on wide screens. */
.console-menu > summary { list-style: none; display: flex; align-items: center; gap: .55rem; min-height: 44px; padding: 0 .75rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--card); cursor: pointer; font-weight: 650; }
.console-menu > summary::-webkit-details-marker { display: none; }
.console-menu > summary:hover { background: var(--accent-soft); }
.console-menu .menu-icon { width: 1.1rem; height: .8rem; border-top: 2px solid currentColor; border-bottom: 2px solid currentColor; position: relative; }
.console-menu .menu-icon::after { content: ""; position: absolute; left: 0; right: 0; top: calc(50% - 1px); border-top: 2px solid currentColor; }
.console-menu .menu-current { color: var(--muted); font-weight: 500; }
.console-menu[open] > summary { margin-bottom: .5rem; }
.console-menu > summary + h2 { margin-top: .75rem; }
@media (width > 52rem) { @supports selector(::details-content) {
  .console-menu > summary { display: none; }
  .console-menu::details-content { content-visibility: visible; display: contents; }
  .console-menu > summary + h2 { margin-top: 0; }
} }
@media (max-width: 52rem) { .console-nav { padding: .6rem .75rem; } }
/* ==== end console-core ==== */
/* ==== console-settings: Communication, Sign-up, SSO, SCIM sections — owned by console-settings ==== */
body.console input[type=number], body.console input[type=url], body.console input[type=date], body.console input[type=password], body.console textarea { display: block; width: 100%; min-height: 40px; padding: .45rem .65rem; font: inherit; color: var(--fg); border: 1px solid var(--field); border-radius: var(--radius); background: #fff; }
body.console textarea { resize: vertical; line-height: 1.45; }
body.console textarea.code, body.console input.copy { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
body.console textarea:focus-visible, body.console input:focus-visible { outline: none; border-color: var(--accent); box-shadow: 0 0 0 3px var(--ring); }
body.console input.copy { background: var(--bg); }
body.console .panel .form-actions, body.console form.panel > .form-actions { margin-top: 1.25rem; }
fieldset.group { border: 0; border-top: 1px solid var(--line); margin: 1.1rem 0 0; padding: .9rem 0 0; min-width: 0; }
form.panel > input[type=hidden]:first-child + fieldset.group { border-top: 0; margin-top: 0; padding-top: 0; }
fieldset.group > legend { font-size: 1rem; font-weight: 650; padding: 0; margin-bottom: .35rem; }
fieldset.group.invalid { border-left: 3px solid var(--danger); padding-left: .75rem; }
details.group { border-top: 1px solid var(--line); margin-top: 1.1rem; padding-top: .75rem; }
details.group > summary { cursor: pointer; font-weight: 650; padding: .4rem 0; }
div.check { display: grid; grid-template-columns: 1.1rem 1fr; gap: 0 .6rem; align-items: start; margin-top: .55rem; }
div.check input { width: 1.1rem; height: 1.1rem; margin: .2rem 0 0; accent-color: var(--accent); }
div.check label { margin: 0; font-weight: 500; font-size: .95rem; cursor: pointer; }
div.check .hint { grid-column: 2; margin: .1rem 0 0; }
.split { display: grid; gap: 1.25rem; align-items: start; }
@media (min-width: 72rem) { .split { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.preview h3 { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 1rem 0 .35rem; }
iframe.mail-preview { display: block; width: 100%; height: 18rem; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
pre.message { margin: 0; padding: .75rem .9rem; background: var(--bg); border-radius: 8px; font-size: .9rem; }
.presets { display: grid; gap: 0 1.25rem; }
@media (min-width: 60rem) { .presets { grid-template-columns: 1fr 1fr; } }
.preset p { margin-bottom: .5rem; }
.map-entry { display: inline-block; margin: 0 .35rem .2rem 0; padding: .05rem .45rem; border-radius: 6px; background: var(--bg); font-size: .88rem; }
td.row-actions { white-space: nowrap; text-align: right; }
.cert { font-size: .9rem; }
.panel.danger { border-color: #f5c2bc; }
.panel.danger > h2 { color: var(--danger); }
main.console-main > h2 { margin: 1.75rem 0 .5rem; }
/* ==== end console-settings ==== */
`;
