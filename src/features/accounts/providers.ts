// Which sign-in providers this deployment offers, from environment variables alone, so the login
// page shows exactly the configured ones. Google and GitHub accept Auth.js's AUTH_<PROVIDER>_ID /
// _SECRET names (and the older GOOGLE_CLIENT_ID style); OIDC needs issuer, id and secret.

import { env as serverEnv, type Env, type EnvName } from "@/server/env";

export type OAuthProviderId = "google" | "github" | "oidc";

export interface OAuthProviderConfig {
  id: OAuthProviderId;
  name: string;
  clientId: string;
  clientSecret: string;
  issuer?: string;
}

type ProviderVariables = Partial<Pick<Env, Extract<EnvName, `AUTH_${string}` | `${"GOOGLE" | "GITHUB"}_CLIENT_${string}`>>>;
type ProviderVariable = keyof ProviderVariables;

function pair(env: ProviderVariables, ...names: [ProviderVariable, ProviderVariable][]): [string, string] | null {
  for (const [idName, secretName] of names) {
    const id = env[idName]?.trim();
    const secret = env[secretName]?.trim();
    if (id && secret) return [id, secret];
  }
  return null;
}

export function oauthProviderConfigs(env: ProviderVariables = serverEnv): OAuthProviderConfig[] {
  const providers: OAuthProviderConfig[] = [];
  const google = pair(env, ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"], ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]);
  if (google) providers.push({ id: "google", name: "Google", clientId: google[0], clientSecret: google[1] });
  const github = pair(env, ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"], ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"]);
  if (github) providers.push({ id: "github", name: "GitHub", clientId: github[0], clientSecret: github[1] });
  const oidc = pair(env, ["AUTH_OIDC_ID", "AUTH_OIDC_SECRET"]);
  const issuer = env.AUTH_OIDC_ISSUER?.trim();
  if (oidc && issuer) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME?.trim() || "Single sign-on",
      clientId: oidc[0],
      clientSecret: oidc[1],
      issuer,
    });
  }
  return providers;
}

/** What the login page needs: ids and display names, never secrets. */
export function oauthProviderButtons(env: ProviderVariables = serverEnv): { id: OAuthProviderId; name: string }[] {
  return oauthProviderConfigs(env).map(({ id, name }) => ({ id, name }));
}
