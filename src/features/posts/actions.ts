"use server";

import { orgAction } from "@/server/authz/guard";
import * as operations from "./operations";

// The UI's server actions; the JSON API is built from the same operations (see operations.ts).

export const createPost = orgAction(operations.createPost);
export const updatePost = orgAction(operations.updatePost);
export const previewPost = orgAction(operations.previewPost);
export const publishPost = orgAction(operations.publishPost);
export const unpublishPost = orgAction(operations.unpublishPost);
export const deletePost = orgAction(operations.deletePost);
export const bulkPublishPosts = orgAction(operations.bulkPublishPosts);
export const bulkUnpublishPosts = orgAction(operations.bulkUnpublishPosts);
export const bulkDeletePosts = orgAction(operations.bulkDeletePosts);
