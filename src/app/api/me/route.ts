import { readMe } from "@/features/accounts/operations";
import { userRoute } from "@/server/authz/guard";

export const GET = userRoute(readMe);
