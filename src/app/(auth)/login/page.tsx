import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { LoginForm } from "@/features/accounts/components/login-form";
import { ProviderButtons } from "@/features/accounts/components/provider-buttons";
import { oauthProviderButtons } from "@/features/accounts/providers";
import { authErrorMessage } from "@/features/accounts/auth-errors";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { pageUser } from "@/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await pageUser("/login")) {
    // Signed in already; an error from Auth.js (a failed "Connect provider") is explained there.
    redirect(typeof params.error === "string" ? `/auth/error?error=${encodeURIComponent(params.error)}` : callbackUrl);
  }

  const providers = oauthProviderButtons();
  const credentialsCode = typeof params.code === "string" ? params.code : undefined;
  const error = typeof params.error === "string" ? authErrorMessage(params.error, { credentialsCode }) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">Sign in to Orgdesk</h1>
        </CardTitle>
        <CardDescription>Use your email and password{providers.length ? " or a connected account" : ""}.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>
              <p>{error.message}</p>
              {error.next ? <p>{error.next}</p> : null}
            </AlertDescription>
          </Alert>
        ) : null}
        <LoginForm callbackUrl={callbackUrl} />
        {providers.length ? (
          <>
            <div className="relative text-center text-xs text-muted-foreground uppercase">
              <span className="relative z-10 bg-card px-2">or</span>
              <span aria-hidden className="absolute inset-x-0 top-1/2 border-t" />
            </div>
            <ProviderButtons providers={providers} callbackUrl={callbackUrl} />
          </>
        ) : null}
        <p className="text-center text-sm text-muted-foreground">
          New here?{" "}
          <Link href="/register" className="font-medium text-foreground underline underline-offset-4">
            Create an account
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
