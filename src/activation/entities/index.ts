import { CommunicationSettingsRow } from "./settings.entity";
import { MessageTemplateRow } from "./template.entity";
import { ActivationToken } from "./token.entity";

export { CommunicationSettingsRow, MessageTemplateRow, ActivationToken };
export { TOKEN_PURPOSES } from "./token.entity";
export type { TokenPurpose } from "./token.entity";

export const ACTIVATION_ENTITIES = [CommunicationSettingsRow, MessageTemplateRow, ActivationToken];
