/**
 * The console's messages for the Audit log section and how it names who did something.
 * Spread into the catalogs in src/console/i18n.ts; English is complete, Danish falls back key by key.
 */
export const AUDIT_EN = {
  "audit.title": "Audit log",
  "audit.intro": "Who changed what and when, in this console and through the admin API.",
  "audit.at": "When",
  "audit.actor": "Who",
  "audit.action": "Action",
  "audit.target": "What",
  "audit.summary": "Details",
  "audit.actorFilter": "Who (starts with)",
  "audit.actionFilter": "Action (starts with)",
  "audit.targetFilter": "Kind of target",
  "audit.adminTab": "Admin actions",
  "audit.provisioningTab": "Provisioning (SCIM)",
  "audit.provisioningIntro": "Every change a provisioning client made through SCIM, newest first.",
  "audit.method": "Request",
  "audit.status": "Result",
  "audit.provisioningLog": "Open the full provisioning log",
  "actor.api_key": "API key",
  "actor.user": "Administrator",
  "actor.operator": "Platform operator",
  "actor.system": "System",
};

export const AUDIT_DA: Partial<Record<keyof typeof AUDIT_EN, string>> = {
  "audit.title": "Revisionslog",
  "audit.intro": "Hvem ændrede hvad og hvornår, i konsollen og gennem admin-API'et.",
  "audit.at": "Hvornår",
  "audit.actor": "Hvem",
  "audit.action": "Handling",
  "audit.target": "Hvad",
  "audit.summary": "Detaljer",
  "audit.actorFilter": "Hvem (begynder med)",
  "audit.actionFilter": "Handling (begynder med)",
  "audit.targetFilter": "Type",
  "audit.adminTab": "Administratorhandlinger",
  "audit.provisioningTab": "Provisionering (SCIM)",
  "audit.provisioningIntro": "Alle ændringer, som en provisioneringsklient lavede gennem SCIM, nyeste først.",
  "audit.method": "Forespørgsel",
  "audit.status": "Resultat",
  "audit.provisioningLog": "Åbn hele provisioneringsloggen",
  "actor.api_key": "API-nøgle",
  "actor.user": "Administrator",
  "actor.operator": "Platformsoperatør",
  "actor.system": "System",
};
