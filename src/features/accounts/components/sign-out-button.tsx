import { Button } from "@/components/ui/button";
import { signOutAction } from "../actions";

export function SignOutButton({ variant = "outline" }: { variant?: "outline" | "ghost" | "default" }) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant}>
        Sign out
      </Button>
    </form>
  );
}
