import "server-only";
import { listRecentAuditEvents } from "@/features/audit/queries";
import { GuardError } from "@/server/authz/errors";
import { can, defineOrgOperation, defineUserOperation } from "@/server/authz/guard";
import { countOrgCreated, refuseTooManyOrgs } from "./creation-limit";
import {
  createOrganizationWithAdmin,
  deleteOrganization as removeOrganization,
  isSlugTaken,
  listUserOrganizations,
  orgActivity,
  orgOverview,
  updateOrganization as saveOrganization,
  type OrgActivity,
  type OrgOverview,
} from "./queries";
import { createOrgSchema, deleteOrgSchema, updateOrgSchema } from "./schemas";

// Every operation on an organization itself; the server actions (actions.ts) and the pages
// (src/app/dashboard/[org]/page.tsx, settings/page.tsx) are adapters of these.

// ---------------------------------------------------------------- page reads

export interface OverviewPage {
  overview: OrgOverview;
  activity: OrgActivity;
  /** The latest audit events, for those who may read the audit log (empty for the others). */
  recent: Awaited<ReturnType<typeof listRecentAuditEvents>>;
}

/** The overview: counts, weekly activity, and recent events for admins. */
export const readOrgOverview = defineOrgOperation({
  policy: "orgs.read",
  kind: "read",
  async run({ ctx }): Promise<OverviewPage> {
    const [overview, activity, recent] = await Promise.all([
      orgOverview(ctx.org.id),
      orgActivity(ctx.org.id),
      can(ctx, "audit.read") ? listRecentAuditEvents(ctx.org.id) : Promise.resolve([]),
    ]);
    return { overview, activity, recent };
  },
});

/** The dashboard's frame (the org layout): every organization of the member, for the switcher. */
export const readOrgShell = defineOrgOperation({
  policy: "orgs.read",
  kind: "read",
  run: ({ ctx }) => listUserOrganizations(ctx.user.id),
});

/** The settings page: the organization's name and URL name, for those who may change them. */
export const readOrgSettings = defineOrgOperation({
  policy: "orgs.update",
  kind: "read",
  run: async ({ ctx }) => ({ slug: ctx.org.slug, name: ctx.org.name }),
});

// ---------------------------------------------------------------- writes

const SLUG_TAKEN = { slug: "This URL name is taken. Choose another." };
const slugTaken = () => new GuardError("invalid", "Please correct the highlighted fields.", SLUG_TAKEN);

/** Anyone signed in can create an organization (a few a day) and becomes its admin. */
export const createOrganization = defineUserOperation({
  policy: "orgs.create",
  input: createOrgSchema,
  async run({ user, input, tx }) {
    await refuseTooManyOrgs(user.id);
    if (await isSlugTaken(tx, input.slug)) throw slugTaken();
    // Null: a concurrent creation took the slug after the check above.
    const org = await createOrganizationWithAdmin(tx, { ...input, userId: user.id });
    if (!org) throw slugTaken();
    await countOrgCreated(user.id);
    return org;
  },
  audit: ({ input, result }) => ({
    orgId: result.id,
    action: "orgs.create",
    targetType: "organization",
    targetId: result.id,
    metadata: { name: input.name, slug: input.slug },
  }),
  revalidate: () => ["/dashboard"],
});

export const updateOrganization = defineOrgOperation({
  policy: "orgs.update",
  input: updateOrgSchema,
  async run({ ctx, input, tx }) {
    if (await isSlugTaken(tx, input.slug, ctx.org.id)) throw slugTaken();
    const org = await saveOrganization(tx, ctx.org.id, input);
    if (!org) throw slugTaken();
    return org;
  },
  audit: ({ ctx, input }) => ({
    action: "orgs.update",
    targetType: "organization",
    targetId: ctx.org.id,
    metadata: { from: { name: ctx.org.name, slug: ctx.org.slug }, to: { name: input.name, slug: input.slug } },
  }),
  revalidate: ({ result }) => ["/dashboard", `/dashboard/${result.slug}`],
});

/** Deletes the organization with its memberships, invitations and posts; the typed slug confirms it. */
export const deleteOrganization = defineOrgOperation({
  policy: "orgs.delete",
  input: deleteOrgSchema,
  async run({ ctx, input, tx }) {
    if (input.confirmSlug !== ctx.org.slug) {
      throw new GuardError("invalid", "Please correct the highlighted fields.", { confirmSlug: `Type "${ctx.org.slug}" to confirm.` });
    }
    await removeOrganization(tx, ctx.org.id);
    return { slug: ctx.org.slug };
  },
  // The event outlives the org (its orgId is set to null by the foreign key), so name it in the metadata.
  audit: ({ ctx }) => ({
    orgId: null,
    action: "orgs.delete",
    targetType: "organization",
    targetId: ctx.org.id,
    metadata: { name: ctx.org.name, slug: ctx.org.slug },
  }),
  revalidate: () => ["/dashboard"],
});
