/**
 * Mock models for the data layer: custom resources and remote components, keyed by type token.
 */
import type { ResourceModel } from "../mockCloud";

export const dataResourceModels: Record<string, ResourceModel> = {};
export const dataComponentModels: Record<string, ResourceModel> = {};
