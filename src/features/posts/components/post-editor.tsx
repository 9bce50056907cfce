"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { FormField, fieldAria } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/form-errors";
import { createPost, previewPost, updatePost } from "../actions";
import { POST_BODY_MAX, POST_EXCERPT_MAX, postSchema, suggestPostSlug, type PostConflict, type PostInput } from "../schemas";
import { ConflictPanel } from "./conflict-panel";
import { MarkdownContent } from "./markdown-content";
import { useLeaveConfirmation } from "./use-leave-confirmation";

export interface EditablePost {
  id: string;
  slug: string;
  title: string;
  body: string;
  /** Empty when the stored excerpt is derived from the body. */
  excerpt: string;
  version: number;
}

const FIELDS = ["title", "slug", "body", "excerpt"] as const;
const LEAVE_MESSAGE = "You have unsaved changes. Leave without saving them?";

type Preview = { body: string; html: string } | { body: string; error: string };

/** Writes a new post (`post` absent) or edits one, carrying the version the edit started from. */
export function PostEditor({ org, post }: { org: string; post?: EditablePost }) {
  const router = useRouter();
  const [saving, startSaving] = useTransition();
  const [previewing, startPreview] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [version, setVersion] = useState(post?.version);
  const [conflict, setConflict] = useState<PostConflict | null>(null);
  const [tab, setTab] = useState("write");
  const [preview, setPreview] = useState<Preview | null>(null);

  const form = useForm<PostInput>({
    resolver: zodResolver(postSchema),
    defaultValues: { title: post?.title ?? "", slug: post?.slug ?? "", body: post?.body ?? "", excerpt: post?.excerpt ?? "" },
  });
  const { register, handleSubmit, setValue, getFieldState, formState, control } = form;
  const errors = formState.errors;
  const body = useWatch({ control, name: "body" });
  const slug = useWatch({ control, name: "slug" });
  const excerpt = useWatch({ control, name: "excerpt" }) ?? "";

  useLeaveConfirmation(formState.isDirty && !saving, LEAVE_MESSAGE);

  const save = (values: PostInput, baseVersion = version) =>
    startSaving(async () => {
      setFormError(null);
      const result = post
        ? await updatePost({ org, target: post.id, input: { ...values, version: baseVersion ?? 0 } })
        : await createPost({ org, input: values });
      if (!result.ok) {
        if (result.code === "conflict" && result.details) {
          setConflict(result.details);
          return;
        }
        setFormError(applyServerErrors(result, form.setError, FIELDS));
        return;
      }
      form.reset(values);
      setConflict(null);
      if (!post) {
        toast.success("Draft saved. Only you and admins can see it until you publish it.");
        router.push(`/dashboard/${org}/posts/${result.data.slug}`);
        return;
      }
      setVersion(result.data.version);
      toast.success("Changes saved.");
      // A new URL name moves the editor too.
      if (result.data.slug !== post.slug) router.replace(`/dashboard/${org}/posts/${result.data.slug}/edit`);
    });

  const onSubmit = handleSubmit((values) => save(values));

  const switchTab = (next: string) => {
    setTab(next);
    if (next === "preview") showPreview();
  };

  const showPreview = () => {
    const current = form.getValues("body");
    if (preview?.body === current) return;
    startPreview(async () => {
      const result = await previewPost({ org, input: { body: current } });
      setPreview(result.ok ? { body: current, html: result.data.html } : { body: current, error: result.error });
    });
  };

  const useTheirs = (theirs: PostConflict["current"]) => {
    form.reset({ title: theirs.title, slug: theirs.slug, body: theirs.body, excerpt: theirs.excerpt });
    setVersion(theirs.version);
    setConflict(null);
    setPreview(null);
  };

  // Overwriting is a deliberate choice: resubmit what is in the form, naming the version seen now.
  const keepMine = (theirs: PostConflict["current"]) => {
    setVersion(theirs.version);
    void handleSubmit((values) => save(values, theirs.version))();
  };

  const bodyError = errors.body?.message;
  const base = `/dashboard/${org}/posts`;

  return (
    <form onSubmit={onSubmit} className="grid gap-6" noValidate aria-busy={saving}>
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription data-testid="form-error">{formError}</AlertDescription>
        </Alert>
      ) : null}
      {conflict ? <ConflictPanel conflict={conflict} pending={saving} onUseTheirs={useTheirs} onKeepMine={keepMine} /> : null}

      <FormField id="title" label="Title" error={errors.title?.message}>
        <Input
          id="title"
          autoComplete="off"
          {...register("title", {
            // Suggest a URL name from the title of a new post until the author edits it themselves.
            onChange: (event) => {
              if (!post && !getFieldState("slug").isDirty) setValue("slug", suggestPostSlug(event.target.value));
            },
          })}
          {...fieldAria("title", errors.title?.message)}
        />
      </FormField>

      <FormField
        id="slug"
        label="URL name"
        error={errors.slug?.message}
        hint={
          <>
            Lowercase letters, digits and dashes.{post ? " Changing it breaks links to the old address." : ""} The post lives at{" "}
            <span className="font-mono text-xs break-all">
              {base}/{slug || "…"}
            </span>
          </>
        }
      >
        <Input id="slug" autoComplete="off" spellCheck={false} {...register("slug")} {...fieldAria("slug", errors.slug?.message, true)} />
      </FormField>

      <Tabs value={tab} onValueChange={switchTab} className="gap-2">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <Label htmlFor="body">Body</Label>
          <TabsList aria-label="Body view">
            <TabsTrigger value="write">Write</TabsTrigger>
            <TabsTrigger value="preview">Preview</TabsTrigger>
          </TabsList>
        </div>
        {/* Kept mounted while previewing, so the registered textarea keeps its value and focus order. */}
        <TabsContent value="write" forceMount className="data-[state=inactive]:hidden">
          <Textarea
            id="body"
            rows={18}
            spellCheck
            className="field-sizing-fixed max-h-[70vh] min-h-80 resize-y font-mono text-sm leading-6"
            placeholder={"Write in Markdown: ## headings, **bold**, _italic_, [links](https://…), - lists, > quotes, ``` code and | tables |."}
            {...register("body")}
            {...fieldAria("body", bodyError, true)}
          />
        </TabsContent>
        <TabsContent value="preview" className="min-h-80 rounded-md border p-4 sm:p-6" data-testid="post-preview">
          {previewing || !preview ? (
            <p className="text-sm text-muted-foreground">Rendering the preview…</p>
          ) : "error" in preview ? (
            <p className="text-sm text-destructive">{preview.error}</p>
          ) : preview.body.trim() === "" ? (
            <p className="text-sm text-muted-foreground">Nothing to preview yet.</p>
          ) : (
            <MarkdownContent html={preview.html} />
          )}
        </TabsContent>
        {bodyError ? (
          <p id="body-error" className="text-sm text-destructive">
            {bodyError}
          </p>
        ) : (
          <p id="body-hint" className="text-sm text-muted-foreground">
            Markdown, rendered safely: scripts, styles and embeds are removed. {body.length.toLocaleString("en")} / {POST_BODY_MAX.toLocaleString("en")}{" "}
            characters.
          </p>
        )}
      </Tabs>

      <FormField
        id="excerpt"
        label="Excerpt (optional)"
        error={errors.excerpt?.message}
        hint={`Shown in the list of posts. Leave it empty to use the start of the post. ${excerpt.length} / ${POST_EXCERPT_MAX}.`}
      >
        <Textarea
          id="excerpt"
          rows={3}
          className="field-sizing-fixed resize-y"
          {...register("excerpt")}
          {...fieldAria("excerpt", errors.excerpt?.message, true)}
        />
      </FormField>

      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : post ? "Save changes" : "Save draft"}
        </Button>
        <Button variant="ghost" asChild>
          <Link href={post ? `${base}/${post.slug}` : base}>Cancel</Link>
        </Button>
        {formState.isDirty ? <span className="text-sm text-muted-foreground">Unsaved changes</span> : null}
      </div>
    </form>
  );
}
