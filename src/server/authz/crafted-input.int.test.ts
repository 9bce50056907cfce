// Crafted values in a page's URL, an export's query string or a form: a page shows the closest
// valid view, the API answers 400 naming the field, a form says what to fix. Never a 500 (on
// PostgreSQL a NUL byte in a query used to be one).
import { beforeAll, describe, expect, it } from "vitest";
import AuditPage from "@/app/dashboard/[org]/audit/page";
import ManagePostsPage from "@/app/dashboard/[org]/posts/manage/page";
import PostsPage from "@/app/dashboard/[org]/posts/page";
import MembersPage from "@/app/dashboard/[org]/members/page";
import { GET as exportAudit } from "@/app/api/orgs/[org]/audit/export/route";
import { register } from "@/features/accounts/actions";
import { createOrg, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrg("crafted");
});

const page = (render: (props: never) => Promise<unknown>, searchParams: Record<string, string>) =>
  render({ params: Promise.resolve({ org: org.slug }), searchParams: Promise.resolve(searchParams) } as never);

const exportWith = (query: string) =>
  exportAudit(new Request(`http://localhost:3000/api/orgs/${org.slug}/audit/export?${query}`), { params: Promise.resolve({ org: org.slug }) });

describe("audit filters", () => {
  for (const date of ["2026-13-45", "0000-00-00", "9999-99-99", "2026-02-30"]) {
    it(`?from=${date} and ?to=${date}: the page shows the log unfiltered by date, the export answers 400 naming the field`, async () => {
      actAs(org.admin);
      await expect(page(AuditPage, { from: date })).resolves.toBeTruthy();
      await expect(page(AuditPage, { to: date, action: "posts" })).resolves.toBeTruthy();
      for (const field of ["from", "to"]) {
        const response = await exportWith(`${field}=${date}`);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
        expect(body.error.code).toBe("invalid");
        expect(body.error.fields[field]).toBe("Use a real date like 2026-01-31.");
      }
    });
  }

  it("the last representable day is a valid bound", async () => {
    actAs(org.admin);
    expect((await exportWith("from=2026-01-01&to=9999-12-31")).status).toBe(200);
    await expect(page(AuditPage, { from: "2026-01-01", to: "9999-12-31" })).resolves.toBeTruthy();
  });
});

describe("NUL bytes in search params", () => {
  it("are ignored by the posts, management, members and audit pages", async () => {
    actAs(org.admin);
    await expect(page(PostsPage, { q: "\u0000" })).resolves.toBeTruthy();
    await expect(page(ManagePostsPage, { q: "a\u0000b", author: "\u0000" })).resolves.toBeTruthy();
    await expect(page(MembersPage, { q: "\u0000" })).resolves.toBeTruthy();
    await expect(page(AuditPage, { actor: "\u0000" })).resolves.toBeTruthy();
  });

  it("are a 400 naming the field on the audit export", async () => {
    actAs(org.admin);
    const response = await exportWith("actor=%00");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { fields: Record<string, string> } }).error.fields.actor).toBeTruthy();
  });
});

describe("a NUL in the registration name", () => {
  it("is a field error in a sentence, not a crash", async () => {
    actAs(null);
    const form = new FormData();
    form.set("name", "Eve\u0000");
    form.set("email", `nul-${Date.now()}@example.test`);
    form.set("password", "correct horse battery staple 42");
    form.set("confirmPassword", "correct horse battery staple 42");
    const state = await register({}, form);
    expect(state.fieldErrors?.name).toBe("Remove the control characters (such as NUL) from this text.");
  });
});
