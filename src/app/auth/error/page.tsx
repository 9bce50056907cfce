import type { Metadata } from "next";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { authErrorMessage } from "@/features/accounts/auth-errors";
import { pageUser } from "@/server/session";

export const metadata: Metadata = { title: "Sign-in problem" };

export default async function AuthErrorPage({ searchParams }: PageProps<"/auth/error">) {
  const { error } = await searchParams;
  const user = await pageUser("/auth/error");
  const explanation = authErrorMessage(typeof error === "string" ? error : undefined, { signedIn: user !== null });
  return (
    <div className="flex min-h-svh flex-col items-center justify-center gap-6 bg-muted/40 p-4 sm:p-6">
      <Link href="/" className="rounded-md">
        <Brand />
      </Link>
      <main className="w-full max-w-md">
        <Card>
          <CardHeader>
            <CardTitle>
              <h1 className="text-xl">{explanation.title}</h1>
            </CardTitle>
            <CardDescription>{explanation.message}</CardDescription>
          </CardHeader>
          {explanation.next ? (
            <CardContent>
              <p className="text-sm">{explanation.next}</p>
            </CardContent>
          ) : null}
          <CardFooter className="gap-2">
            {user ? (
              <Button asChild>
                <Link href="/settings/account">Back to account settings</Link>
              </Button>
            ) : (
              <Button asChild>
                <Link href="/login">Back to sign in</Link>
              </Button>
            )}
          </CardFooter>
        </Card>
      </main>
    </div>
  );
}
