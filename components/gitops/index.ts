/**
 * The GitOps layer (the design card's fourth layer): Argo CD and Image Updater, installed by the platform's owner
 * (ArgoCd), and each environment's AppProject, Applications and ImageUpdater, generated from data by the
 * environment's own stack (EnvironmentApps). Pure builders of every manifest and chart value sit beside them.
 */
export { ArgoCd } from "./argocd";
export type { ArgoCdArgs } from "./argocd";
export { EnvironmentApps } from "./environmentApps";
export type { EnvironmentAppsArgs } from "./environmentApps";
export { albGroupAnnotations, ALB } from "./applications";
export type { GitSource, ManifestFeed } from "./applications";
export { GITOPS_CHARTS } from "./charts";
