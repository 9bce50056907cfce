import "server-only";
import { sendMail } from "@/server/mailer";
import { oauthProviderConfigs } from "./providers";

// Connecting or disconnecting a sign-in method is mailed to the account's address, so an owner
// whose session was stolen learns that someone added a way in. Sent after the commit; a mail
// failure is logged and never undoes the change.

export function providerName(providerId: string): string {
  return oauthProviderConfigs().find((p) => p.id === providerId)?.name ?? providerId;
}

export async function mailSignInMethodChange(
  to: string | null,
  userId: string,
  change: "connected" | "disconnected",
  methods: { provider: string; identity: string }[],
): Promise<void> {
  if (!to || methods.length === 0) return;
  const list = methods.map((m) => `- ${providerName(m.provider)} (${m.identity})`).join("\n");
  const subject =
    change === "connected" ? "A sign-in method was connected to your Orgdesk account" : "A sign-in method was disconnected from your Orgdesk account";
  const text = [
    `These sign-in methods were ${change} ${change === "connected" ? "to" : "from"} your Orgdesk account:`,
    "",
    list,
    "",
    "If this was not you, sign in, change your password with “Disconnect linked sign-in methods” ticked, and sign out of all other devices in Settings → Account.",
  ].join("\n");
  try {
    await sendMail({ to, subject, text }, { scope: `user:${userId}` });
  } catch (error) {
    console.error("[mail] could not send the sign-in method notice", error instanceof Error ? error.message : error);
  }
}
