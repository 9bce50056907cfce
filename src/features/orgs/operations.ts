import "server-only";
import { listRecentAuditEvents } from "@/features/audit/queries";
import { can, type OrgSpec } from "@/server/authz/guard";
import { orgActivity, orgOverview, type OrgActivity, type OrgOverview } from "./queries";

// ---------------------------------------------------------------- page reads (src/app/dashboard/[org]/page.tsx, settings/page.tsx)

export interface OverviewPage {
  overview: OrgOverview;
  activity: OrgActivity;
  /** The latest audit events, for those who may read the audit log (empty for the others). */
  recent: Awaited<ReturnType<typeof listRecentAuditEvents>>;
}

/** The overview: counts, weekly activity, and recent events for admins. */
export const orgOverviewOperation: OrgSpec<undefined, undefined, OverviewPage> = {
  policy: "orgs.read",
  kind: "read",
  async run({ ctx }) {
    const [overview, activity, recent] = await Promise.all([
      orgOverview(ctx.org.id),
      orgActivity(ctx.org.id),
      can(ctx, "audit.read") ? listRecentAuditEvents(ctx.org.id) : Promise.resolve([]),
    ]);
    return { overview, activity, recent };
  },
};

/** The settings page: the organization's name and URL name, for those who may change them. */
export const orgSettingsOperation: OrgSpec<undefined, undefined, { slug: string; name: string }> = {
  policy: "orgs.update",
  kind: "read",
  run: async ({ ctx }) => ({ slug: ctx.org.slug, name: ctx.org.name }),
};
