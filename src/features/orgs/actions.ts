"use server";

import { GuardError } from "@/server/authz/errors";
import { orgAction, userAction } from "@/server/authz/guard";
import { createOrganizationWithAdmin, deleteOrganization as removeOrganization, isSlugTaken, updateOrganization as saveOrganization } from "./queries";
import { createOrgSchema, deleteOrgSchema, updateOrgSchema } from "./schemas";

const SLUG_TAKEN = { slug: "This URL name is taken. Choose another." };

/** Anyone signed in can create an organization and becomes its admin. */
export const createOrganization = userAction({
  policy: "orgs.create",
  input: createOrgSchema,
  async run({ user, input, tx }) {
    if (await isSlugTaken(tx, input.slug)) throw new GuardError("invalid", "Please correct the highlighted fields.", SLUG_TAKEN);
    return createOrganizationWithAdmin(tx, { ...input, userId: user.id });
  },
  audit: ({ input, result }) => ({ orgId: result.id, action: "orgs.create", targetType: "organization", targetId: result.id, metadata: { name: input.name, slug: input.slug } }),
  revalidate: () => ["/dashboard"],
});

export const updateOrganization = orgAction({
  policy: "orgs.update",
  input: updateOrgSchema,
  async run({ ctx, input, tx }) {
    if (await isSlugTaken(tx, input.slug, ctx.org.id)) throw new GuardError("invalid", "Please correct the highlighted fields.", SLUG_TAKEN);
    return saveOrganization(tx, ctx.org.id, input);
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
