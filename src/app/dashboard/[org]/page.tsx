import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BarChart, type BarDatum } from "@/components/ui/bar-chart";
import { AuditActor } from "@/features/audit/components/audit-actor";
import { readOrgOverview } from "@/features/orgs/operations";
import type { WeeklyCount } from "@/features/orgs/queries";
import { ROLE_LABELS, ROLES } from "@/lib/roles";
import { can } from "@/server/authz/guard";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Overview" };

const weekLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const timeAgo = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

function toBars(weeks: WeeklyCount[]): BarDatum[] {
  return weeks.map(({ weekStart, count }) => ({ label: weekLabel.format(weekStart), description: `Week of ${weekLabel.format(weekStart)}`, value: count }));
}

const total = (weeks: WeeklyCount[]) => weeks.reduce((sum, week) => sum + week.count, 0);

function WeeklyChart({ title, weeks, unit, barClassName }: { title: string; weeks: WeeklyCount[]; unit: string; barClassName?: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2 className="text-base">{title}</h2>
        </CardTitle>
        <CardDescription>{total(weeks).toLocaleString("en")} in the last 12 weeks</CardDescription>
      </CardHeader>
      <CardContent className="pt-4">
        <BarChart data={toBars(weeks)} caption={`${title} per week, last 12 weeks`} unit={unit} barClassName={barClassName} />
      </CardContent>
    </Card>
  );
}

function ago(date: Date): string {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  for (const [unit, size] of [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ] as const) {
    if (Math.abs(seconds) >= size) return timeAgo.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export default async function OverviewPage({ params }: PageProps<"/dashboard/[org]">) {
  const {
    ctx,
    data: { overview, activity, recent },
  } = await loadOrgPage(readOrgOverview, { route: "/dashboard/[org]", params });
  const showMembers = can(ctx, "members.list");
  const showActivity = can(ctx, "audit.read");
  const totalMembers = ROLES.reduce((sum, role) => sum + overview.membersByRole[role], 0);
  const isAdmin = can(ctx, "members.updateRole");
  return (
    <>
      <PageHeader title={ctx.org.name} description={`You are ${ROLE_LABELS[ctx.role].toLowerCase()} of this organization.`} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Published posts</CardDescription>
            <CardTitle className="text-3xl tabular-nums">{overview.posts.published.toLocaleString("en")}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {can(ctx, "posts.create") ? `${overview.posts.draft.toLocaleString("en")} ${overview.posts.draft === 1 ? "draft" : "drafts"} in progress · ` : null}
            <Link href={`/dashboard/${ctx.org.slug}/posts`} className="underline underline-offset-4">
              Browse posts
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Members</CardDescription>
            <CardTitle className="text-3xl tabular-nums">{totalMembers.toLocaleString("en")}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {ROLES.slice()
              .reverse()
              .map(
                (role) =>
                  `${overview.membersByRole[role].toLocaleString("en")} ${ROLE_LABELS[role].toLowerCase()}${overview.membersByRole[role] === 1 ? "" : "s"}`,
              )
              .join(" · ")}
          </CardContent>
        </Card>
        {isAdmin ? (
          <Card>
            <CardHeader>
              <CardDescription>Pending invitations</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{overview.pendingInvitations.toLocaleString("en")}</CardTitle>
            </CardHeader>
            <CardContent className="text-sm text-muted-foreground">
              <Link href={`/dashboard/${ctx.org.slug}/members`} className="underline underline-offset-4">
                Manage members
              </Link>
            </CardContent>
          </Card>
        ) : null}
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <WeeklyChart title="Posts published" weeks={activity.postsPublished} unit="posts" />
        {showMembers ? <WeeklyChart title="Members joined" weeks={activity.membersJoined} unit="members" barClassName="text-chart-2" /> : null}
        {showActivity ? (
          <Card className="lg:col-span-2">
            <CardHeader>
              <CardTitle>
                <h2 className="text-base">Recent activity</h2>
              </CardTitle>
              <CardDescription>
                The latest changes in this organization.{" "}
                <Link href={`/dashboard/${ctx.org.slug}/audit`} className="underline underline-offset-4">
                  Open the audit log
                </Link>
              </CardDescription>
            </CardHeader>
            <CardContent>
              {recent.length === 0 ? (
                <p className="text-sm text-muted-foreground">Nothing has happened here yet.</p>
              ) : (
                <ol className="divide-y" data-testid="recent-activity">
                  {recent.map((event) => (
                    <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
                      <span className="min-w-0">
                        <AuditActor actor={event.actor} className="font-medium" />{" "}
                        <code className={event.action.endsWith(".denied") ? "text-destructive" : "text-muted-foreground"}>{event.action}</code>
                      </span>
                      <time dateTime={event.createdAt.toISOString()} className="text-xs text-muted-foreground" title={event.createdAt.toISOString()}>
                        {ago(event.createdAt)}
                      </time>
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
