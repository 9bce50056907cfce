"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormField, fieldAria } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/form-errors";
import { changePassword, connectProvider, deleteAccount, revokeSession, signOutOtherSessions, unlinkAccount, updateProfile } from "../settings-actions";
import { PASSWORD_HINT } from "../password-policy";
import { changePasswordSchema, profileSchema, type ChangePasswordInput, type DeleteAccountInput, type ProfileFormValues, type ProfileOutput } from "../schemas";

// The interactive parts of /settings/account. The page (a server component) loads the data; each
// control calls one guarded server action and refreshes the page.

function Status({ error, notice }: { error: string | null; notice?: string | null }) {
  if (error) {
    return (
      <Alert variant="destructive">
        <AlertDescription data-testid="form-error">{error}</AlertDescription>
      </Alert>
    );
  }
  if (notice) {
    return (
      <p role="status" className="text-sm text-muted-foreground" data-testid="form-notice">
        {notice}
      </p>
    );
  }
  return null;
}

export function ProfileForm({ name, image }: { name: string; image: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<ProfileFormValues, unknown, ProfileOutput>({ resolver: zodResolver(profileSchema), defaultValues: { name, image } });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit(() => {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      // The raw strings: the server parses them with the same schema.
      const result = await updateProfile(form.getValues());
      if (result.ok) {
        setNotice("Profile saved.");
        router.refresh();
      } else setError(applyServerErrors(result, form.setError, ["name", "image"]));
    });
  });
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <Status error={error} notice={notice} />
      <FormField id="profile-name" label="Name" error={errors.name?.message}>
        <Input id="profile-name" autoComplete="name" {...form.register("name")} {...fieldAria("profile-name", errors.name?.message)} />
      </FormField>
      <FormField id="profile-image" label="Avatar image URL" error={errors.image?.message} hint="An https:// address. Leave empty to show your initials.">
        <Input id="profile-image" inputMode="url" {...form.register("image")} {...fieldAria("profile-image", errors.image?.message, true)} />
      </FormField>
      <Button type="submit" disabled={pending} className="justify-self-start">
        {pending ? "Saving…" : "Save profile"}
      </Button>
    </form>
  );
}

export function PasswordForm({ hasPassword, linkedAccounts }: { hasPassword: boolean; linkedAccounts: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "", disconnectProviders: false },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await changePassword(values);
      if (result.ok) {
        form.reset();
        const others = result.data.signedOut;
        const gone = result.data.disconnected.length;
        setNotice(
          `${result.data.firstPassword ? "Password set." : "Password changed."} ${others === 1 ? "1 other session was" : `${others} other sessions were`} signed out.` +
            (gone > 0 ? ` ${gone === 1 ? "1 connected sign-in method was" : `${gone} connected sign-in methods were`} disconnected.` : ""),
        );
        router.refresh();
      } else setError(applyServerErrors(result, form.setError, ["currentPassword", "newPassword", "confirmPassword"]));
    });
  });
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <Status error={error} notice={notice} />
      {hasPassword ? (
        <FormField id="current-password" label="Current password" error={errors.currentPassword?.message}>
          <Input
            id="current-password"
            type="password"
            autoComplete="current-password"
            {...form.register("currentPassword")}
            {...fieldAria("current-password", errors.currentPassword?.message)}
          />
        </FormField>
      ) : (
        <p className="text-sm text-muted-foreground">You sign in with another provider. Set a password to also sign in with your email.</p>
      )}
      <FormField id="new-password" label="New password" error={errors.newPassword?.message} hint={PASSWORD_HINT}>
        <Input
          id="new-password"
          type="password"
          autoComplete="new-password"
          {...form.register("newPassword")}
          {...fieldAria("new-password", errors.newPassword?.message, true)}
        />
      </FormField>
      <FormField id="confirm-password" label="Confirm new password" error={errors.confirmPassword?.message}>
        <Input
          id="confirm-password"
          type="password"
          autoComplete="new-password"
          {...form.register("confirmPassword")}
          {...fieldAria("confirm-password", errors.confirmPassword?.message)}
        />
      </FormField>
      {linkedAccounts > 0 ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 size-4" {...form.register("disconnectProviders")} data-testid="disconnect-providers" />
          <span>Also disconnect every connected sign-in method. Do this if someone else may have used your account.</span>
        </label>
      ) : null}
      <Button type="submit" disabled={pending} className="justify-self-start">
        {pending ? "Saving…" : hasPassword ? "Change password" : "Set password"}
      </Button>
    </form>
  );
}

export interface SessionView {
  id: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export function SessionsList({ sessions }: { sessions: SessionView[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = (work: () => Promise<{ ok: true; data: unknown } | { ok: false; error: string }>, done: string) => {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await work();
      if (result.ok) {
        setNotice(done);
        router.refresh();
      } else setError(result.error);
    });
  };
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="grid gap-4">
      <Status error={error} notice={notice} />
      <ul className="divide-y rounded-md border" data-testid="sessions">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="session">
            <div className="grid gap-0.5 text-sm">
              <span className="font-medium">
                {session.device} {session.current ? <Badge variant="secondary">This device</Badge> : null}
              </span>
              <span className="text-muted-foreground">
                {session.ip ?? "Unknown address"} · signed in {session.createdAt} · last seen {session.lastSeenAt}
              </span>
            </div>
            {session.current ? null : (
              <Button variant="outline" size="sm" disabled={pending} onClick={() => run(() => revokeSession({ sessionId: session.id }), "Session signed out.")}>
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Button
        variant="outline"
        className="justify-self-start"
        disabled={pending || others === 0}
        onClick={() => run(() => signOutOtherSessions(), "Signed out of all other devices.")}
      >
        Sign out of all other devices
      </Button>
    </div>
  );
}

export interface SignInMethodView {
  id: string;
  provider: string;
  label: string;
  /** Who the account is at the provider (its email, or its subject). */
  identity: string;
  linkedAt: string;
}

export function SignInMethods({
  hasPassword,
  accounts,
  connectable,
}: {
  hasPassword: boolean;
  accounts: SignInMethodView[];
  connectable: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const unlink = (account: SignInMethodView) => {
    setError(null);
    startTransition(async () => {
      const result = await unlinkAccount({ accountId: account.id });
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  };
  const connect = (provider: string) => {
    setError(null);
    startTransition(async () => {
      const result = await connectProvider({ provider, password });
      if (result.ok) window.location.assign(result.data.url);
      else setError(result.fieldErrors?.password ?? result.error);
    });
  };
  return (
    <div className="grid gap-4">
      <Status error={error} />
      <ul className="divide-y rounded-md border" data-testid="sign-in-methods">
        <li className="flex items-center justify-between gap-2 p-3 text-sm">
          <span className="font-medium">Password</span>
          <span className="text-muted-foreground">{hasPassword ? "Set" : "Not set"}</span>
        </li>
        {accounts.map((account) => (
          <li key={account.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm" data-testid="linked-account">
            <div className="grid gap-0.5">
              <span className="font-medium">{account.label}</span>
              <span className="break-all" data-testid="linked-identity">
                {account.identity}
              </span>
              <span className="text-muted-foreground">Connected {account.linkedAt}</span>
            </div>
            <Button variant="outline" size="sm" disabled={pending} onClick={() => unlink(account)}>
              Disconnect {account.label}
            </Button>
          </li>
        ))}
      </ul>
      {connectable.length > 0 ? (
        <div className="grid gap-2">
          <p className="text-sm text-muted-foreground">
            {hasPassword
              ? "To connect a sign-in method, enter your current password (or sign in again first: it works for 5 minutes)."
              : "To connect a sign-in method, sign in again first: it works for 5 minutes after signing in."}
          </p>
          {hasPassword ? (
            <FormField id="connect-password" label="Your password, to connect a sign-in method">
              <Input
                id="connect-password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            </FormField>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {connectable.map((provider) => (
              <Button key={provider.id} variant="outline" disabled={pending} onClick={() => connect(provider.id)}>
                Connect {provider.name}
              </Button>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function DeleteAccountForm({ hasPassword }: { hasPassword: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [values, setValues] = useState<DeleteAccountInput>({ password: "", confirm: "" as "DELETE" });
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await deleteAccount(values);
      // The dashboard finds the session over and sends the browser to sign in, dropping the dead cookie.
      if (result.ok) window.location.replace("/dashboard");
      else setError(result.fieldErrors?.password ?? result.fieldErrors?.confirm ?? result.error);
    });
  };
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <Status error={error} />
      <p className="text-sm text-muted-foreground">
        This deletes your account and your memberships. Your posts stay with their organizations, shown as by a deleted user, and so do audit events.
        {hasPassword ? "" : " For your security, sign in again within the last 5 minutes before deleting."}
      </p>
      {hasPassword ? (
        <FormField id="delete-password" label="Your password">
          <Input
            id="delete-password"
            type="password"
            autoComplete="current-password"
            value={values.password}
            onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
          />
        </FormField>
      ) : null}
      <FormField id="delete-confirm" label="Type DELETE to confirm">
        <Input id="delete-confirm" value={values.confirm} onChange={(e) => setValues((v) => ({ ...v, confirm: e.target.value as "DELETE" }))} />
      </FormField>
      <Button type="submit" variant="destructive" disabled={pending} className="justify-self-start">
        {pending ? "Deleting…" : "Delete my account"}
      </Button>
    </form>
  );
}
