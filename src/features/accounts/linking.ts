import "server-only";
import { AccessDenied } from "@auth/core/errors";
import type { Adapter } from "next-auth/adapters";
import { headers } from "next/headers";
import { clientIp } from "@/server/request-ip";
import { identityOf, linkAccountUnderRules } from "./queries";
import { mailSignInMethodChange } from "./sign-in-method-mail";

// Auth.js links a provider identity to whoever is signed in when the provider's answer arrives
// (handle-login's "user is signed in, account is new" branch calls adapter.linkAccount). A stolen
// session must not be enough for that: the link needs the grant that "Connect" in account settings
// leaves after a fresh proof of identity, one identity per provider, an audit event and a mail.

async function requestIp(): Promise<string | null> {
  try {
    return clientIp(await headers());
  } catch {
    return null; // outside a request
  }
}

export function withLinkingRules(adapter: Adapter): Adapter {
  return {
    ...adapter,
    async linkAccount(account) {
      const check = await linkAccountUnderRules(account, await requestIp());
      if (!check.ok) {
        // Shown as /auth/error?error=AccessDenied; the settings page explains before sending anyone here.
        throw new AccessDenied(
          check.reason === "provider_taken" ? "A second identity of this provider was refused." : "Linking without a fresh sign-in was refused.",
        );
      }
      // A brand-new account signing up through the provider has nothing to be warned about.
      if (!check.newUser)
        await mailSignInMethodChange(check.email, account.userId, "connected", [{ provider: account.provider, identity: identityOf(account) }]);
    },
  };
}
