"use server";

import { orgAction } from "@/server/authz/guard";
import {
  bulkDeleteOperation,
  bulkPublishOperation,
  bulkUnpublishOperation,
  createPostOperation,
  deletePostOperation,
  previewPostOperation,
  publishPostOperation,
  unpublishPostOperation,
  updatePostOperation,
} from "./operations";

// The UI's server actions; the JSON API is built from the same operations (see operations.ts).

export const createPost = orgAction(createPostOperation);
export const updatePost = orgAction(updatePostOperation);
export const previewPost = orgAction(previewPostOperation);
export const publishPost = orgAction(publishPostOperation);
export const unpublishPost = orgAction(unpublishPostOperation);
export const deletePost = orgAction(deletePostOperation);
export const bulkPublishPosts = orgAction(bulkPublishOperation);
export const bulkUnpublishPosts = orgAction(bulkUnpublishOperation);
export const bulkDeletePosts = orgAction(bulkDeleteOperation);
