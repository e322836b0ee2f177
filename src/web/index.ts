export { webRoutes, pageErrorHandler } from "./routes";
export { html, raw, escapeHtml, SafeHtml } from "./html";
export { translator, pickLanguage, PAGE_LANGUAGES } from "./i18n";
export type { Translate, MessageKey } from "./i18n";
export { sendPage, pageKit } from "./render";
export { pageLanguage } from "./render";
export { languageName } from "./languages";
export { logoutConfirmHtml, loggedOutHtml } from "./logout-views";
