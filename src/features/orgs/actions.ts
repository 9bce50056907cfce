"use server";

import { GuardError } from "@/server/authz/errors";
import { orgAction, userAction } from "@/server/authz/guard";
import { countOrgCreated, refuseTooManyOrgs } from "./creation-limit";
import { createOrganizationWithAdmin, deleteOrganization as removeOrganization, isSlugTaken, updateOrganization as saveOrganization } from "./queries";
import { createOrgSchema, deleteOrgSchema, updateOrgSchema } from "./schemas";

const SLUG_TAKEN = { slug: "This URL name is taken. Choose another." };
const slugTaken = () => new GuardError("invalid", "Please correct the highlighted fields.", SLUG_TAKEN);

/** Anyone signed in can create an organization (a few a day) and becomes its admin. */
export const createOrganization = userAction({
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
  audit: ({ input, result }) => ({ orgId: result.id, action: "orgs.create", targetType: "organization", targetId: result.id, metadata: { name: input.name, slug: input.slug } }),
  revalidate: () => ["/dashboard"],
});

export const updateOrganization = orgAction({
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
export const deleteOrganization = orgAction({
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
  audit: ({ ctx }) => ({ orgId: null, action: "orgs.delete", targetType: "organization", targetId: ctx.org.id, metadata: { name: ctx.org.name, slug: ctx.org.slug } }),
  revalidate: () => ["/dashboard"],
});
