import { httpFailure, networkFailure, DeliveryError } from "../delivery-error";
import { HTTP_TIMEOUT_MS, type ChannelSender, type Envelope, type SendResult } from "./channel";

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** An E.164 number, or a Messaging Service SID (MG…). */
  from: string;
  baseUrl: string;
}

/**
 * SMS through Twilio's Messages API, or any provider that speaks it
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
 * a form POST with basic auth; 201 with a `sid` means accepted.
 */
export class TwilioSmsChannel implements ChannelSender {
  readonly name = "twilio" as const;
  constructor(private readonly options: TwilioOptions) {}

  async send(message: Envelope): Promise<SendResult> {
    const { accountSid, authToken, from, baseUrl } = this.options;
    const url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    form.set(from.startsWith("MG") ? "MessagingServiceSid" : "From", from);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: form,
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (error) {
      throw networkFailure("Twilio", error);
    }
    const text = await response.text().catch(() => "");
    const body = parseJson(text);
    if (!response.ok) {
      // Twilio's error body: { code: 21211, message: "The 'To' number … is not a valid phone number.", … }
      const detail = typeof body?.message === "string" ? body.message : text.slice(0, 200);
      const code = body?.code === undefined ? "" : ` (code ${String(body.code)})`;
      throw httpFailure("Twilio", response.status, `${detail}${code}`);
    }
    if (typeof body?.sid !== "string") {
      throw new DeliveryError(`Twilio ${response.status}: the answer carried no message sid`, false);
    }
    return { transport: "twilio", providerId: body.sid };
  }

  async close(): Promise<void> {}
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
