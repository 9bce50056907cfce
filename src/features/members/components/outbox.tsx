import type { OutboxMessage } from "@/server/mailer";

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Text with its links clickable (the invitation link is what the reader is here for). */
function Linkified({ text }: { text: string }) {
  return text.split(URL_PATTERN).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className="break-all text-primary underline underline-offset-4">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** The org's undelivered mail while SMTP_URL is not set: what each invitee would have received. */
export function Outbox({ messages }: { messages: OutboxMessage[] }) {
  if (messages.length === 0) return <p className="text-sm text-muted-foreground">No messages yet. Invitations you send appear here.</p>;
  return (
    <ul className="grid gap-3">
      {messages.map((message) => (
        <li key={message.id} className="rounded-md border bg-muted/40 p-3 text-sm" aria-label={`Email to ${message.to}`}>
          <div className="mb-2 flex flex-wrap justify-between gap-x-4 gap-y-1 text-muted-foreground">
            <span>
              To <span className="font-medium text-foreground">{message.to}</span> · {message.subject}
            </span>
            <time dateTime={message.sentAt.toISOString()}>{timeFormat.format(message.sentAt)} UTC</time>
          </div>
          <p className="break-words whitespace-pre-wrap">
            <Linkified text={message.text} />
          </p>
        </li>
      ))}
    </ul>
  );
}
