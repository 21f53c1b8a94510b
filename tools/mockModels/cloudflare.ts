/**
 * Mock models for the cloudflare layer: custom resources and remote components, keyed by type token.
 */
import type { ResourceModel } from "../mockCloud";

export const cloudflareResourceModels: Record<string, ResourceModel> = {};
export const cloudflareComponentModels: Record<string, ResourceModel> = {};
