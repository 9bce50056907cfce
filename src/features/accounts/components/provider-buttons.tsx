import { Button } from "@/components/ui/button";
import { signInWithProvider } from "../actions";
import type { OAuthProviderId } from "../providers";

/** One form per configured provider: plain server-action posts, so they work without JavaScript. */
export function ProviderButtons({ providers, callbackUrl }: { providers: { id: OAuthProviderId; name: string }[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="grid gap-2">
      {providers.map((provider) => (
        <form key={provider.id} action={signInWithProvider}>
          <input type="hidden" name="provider" value={provider.id} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Button type="submit" variant="outline" className="w-full">
            Continue with {provider.name}
          </Button>
        </form>
      ))}
    </div>
  );
}
