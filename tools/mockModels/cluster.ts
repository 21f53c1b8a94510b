/**
 * Mock models for the cluster layer: custom resources and remote components, keyed by type token.
 */
import type { ResourceModel } from "../mockCloud";

export const clusterResourceModels: Record<string, ResourceModel> = {};
export const clusterComponentModels: Record<string, ResourceModel> = {};
