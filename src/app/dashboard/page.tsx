import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_ORG_COOKIE } from "@/lib/last-org";
import { listUserOrganizations } from "@/features/orgs/queries";
import { requireUser } from "@/server/session";

/** Sends the user to the organization they used last, else their first, else to create one. */
export default async function DashboardIndex({ searchParams }: PageProps<"/dashboard">) {
  const user = await requireUser("/dashboard");
  const organizations = await listUserOrganizations(user.id);
  if (organizations.length === 0) redirect("/dashboard/new");
  const last = (await cookies()).get(LAST_ORG_COOKIE)?.value;
  const target = organizations.find((org) => org.slug === last) ?? organizations[0]!;
  const query = new URLSearchParams(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : []))).toString();
  redirect(`/dashboard/${target.slug}${query ? `?${query}` : ""}`);
}
