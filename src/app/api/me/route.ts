import { listUserOrganizations } from "@/features/orgs/queries";
import { userRoute } from "@/server/authz/guard";

export const GET = userRoute("me.read", async (user) => ({
  user: { id: user.id, name: user.name, email: user.email, image: user.image },
  memberships: (await listUserOrganizations(user.id)).map(({ slug, name, role }) => ({ org: { slug, name }, role })),
}));
