/**
 * What each pinned Helm chart can send the cluster: the apiVersion and kind of every object its templates (and CRD
 * files) can render, read from the chart's source at exactly the pinned version, so the upgrade rehearsal
 * (tools/upgradePlan.ts) checks the charts' objects against the APIs a new minor removes without a helm binary (there is
 * none here; a release's objects are rendered by Helm inside the cluster's `helm upgrade`, not by this program).
 *
 * How the rows were read: every `*.yaml` under the chart's templates/ (and crds/, and for External Secrets the
 * config/crds/bases/ files its packaging copies into templates/crds/) at the tag, split into documents; each document's
 * column-0 `apiVersion:`/`kind:` lines (both branches of an `if`/`else`, so a row may be one the values never select),
 * and the items of a `kind: List`. Two apiVersions written as templates are resolved by hand: argo-cd's
 * `{{ $apiVersion }}` is `argo-cd.apiVersions.monitoring` (templates/_helpers.tpl: monitoring.coreos.com/v1 unless
 * apiVersionOverrides.monitoring), and the ALB controller's HorizontalPodAutoscaler picks autoscaling/v2 from Kubernetes
 * 1.23 on (templates/hpa.yaml: `semverCompare ">=1.23-0" .Capabilities.KubeVersion.Version`), autoscaling/v2beta2 before
 * (`onlyBelow`). Rows list every object the chart CAN render, more than our values select: a removal in any of them
 * fails the rehearsal, which is the safe side. Custom resources' own versions (served by the chart's CRDs) are not
 * Kubernetes removals and are not checked here; the CRD objects themselves are (apiextensions.k8s.io/v1).
 */

/** One apiVersion/kind a chart can render, and the chart files that render it (paths under the chart's directory). */
export interface ChartObject {
    apiVersion: string;
    kind: string;
    templates: string[];
    /** Rendered only on clusters older than this minor (a `.Capabilities.KubeVersion` switch in the template). */
    onlyBelow?: string;
}

export interface ChartRenderedApis {
    chart: string;
    version: string;
    /** Repository @ tag = commit, and the chart's directory in it. */
    source: string;
    objects: ChartObject[];
}

/** Each pin of components/cluster/addons.ts CHARTS and components/gitops/charts.ts GITOPS_CHARTS (a test keeps them equal). */
export const CHART_RENDERED_APIS: readonly ChartRenderedApis[] = [
    {
        chart: "argo-cd",
        version: "10.1.1",
        source: "argoproj/argo-helm @ argo-cd-10.1.1 = af0a9310, charts/argo-cd/",
        objects: [
            {
                apiVersion: "apiextensions.k8s.io/v1",
                kind: "CustomResourceDefinition",
                templates: [
                    "templates/crds/crd-application.yaml",
                    "templates/crds/crd-applicationset.yaml",
                    "templates/crds/crd-appproject.yaml",
                ],
            },
            {
                apiVersion: "apps/v1",
                kind: "Deployment",
                templates: [
                    "templates/argocd-application-controller/deployment.yaml",
                    "templates/argocd-applicationset/deployment.yaml",
                    "templates/argocd-commit-server/deployment.yaml",
                    "templates/argocd-notifications/deployment.yaml",
                    "templates/argocd-repo-server/deployment.yaml",
                    "templates/argocd-server/deployment.yaml",
                    "templates/dex/deployment.yaml",
                    "templates/redis/deployment.yaml",
                ],
            },
            {
                apiVersion: "apps/v1",
                kind: "StatefulSet",
                templates: ["templates/argocd-application-controller/statefulset.yaml"],
            },
            {
                apiVersion: "autoscaling.k8s.io/v1",
                kind: "VerticalPodAutoscaler",
                templates: [
                    "templates/argocd-application-controller/vpa.yaml",
                    "templates/argocd-applicationset/vpa.yaml",
                    "templates/argocd-commit-server/vpa.yaml",
                    "templates/argocd-notifications/vpa.yaml",
                    "templates/argocd-repo-server/vpa.yaml",
                    "templates/argocd-server/vpa.yaml",
                    "templates/dex/vpa.yaml",
                    "templates/redis/vpa.yaml",
                ],
            },
            {
                apiVersion: "autoscaling/v2",
                kind: "HorizontalPodAutoscaler",
                templates: ["templates/argocd-repo-server/hpa.yaml", "templates/argocd-server/hpa.yaml"],
            },
            { apiVersion: "batch/v1", kind: "Job", templates: ["templates/redis-secret-init/job.yaml"] },
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                templates: [
                    "templates/argocd-applicationset/certificate.yaml",
                    "templates/argocd-server/certificate.yaml",
                ],
            },
            {
                apiVersion: "cloud.google.com/v1",
                kind: "BackendConfig",
                templates: ["templates/argocd-server/gke/backendconfig.yaml"],
            },
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "BackendTLSPolicy",
                templates: ["templates/argocd-server/backendtlspolicy.yaml"],
            },
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "GRPCRoute",
                templates: ["templates/argocd-server/grpcroute.yaml"],
            },
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "HTTPRoute",
                templates: ["templates/argocd-applicationset/httproute.yaml", "templates/argocd-server/httproute.yaml"],
            },
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "ListenerSet",
                templates: [
                    "templates/argocd-applicationset/listenerset.yaml",
                    "templates/argocd-server/listenerset.yaml",
                ],
            },
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                templates: ["templates/argocd-application-controller/prometheusrule.yaml"],
            },
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                templates: [
                    "templates/argocd-application-controller/servicemonitor.yaml",
                    "templates/argocd-applicationset/servicemonitor.yaml",
                    "templates/argocd-notifications/servicemonitor.yaml",
                    "templates/argocd-repo-server/servicemonitor.yaml",
                    "templates/argocd-server/servicemonitor.yaml",
                    "templates/dex/servicemonitor.yaml",
                    "templates/redis/servicemonitor.yaml",
                ],
            },
            {
                apiVersion: "networking.gke.io/v1",
                kind: "ManagedCertificate",
                templates: ["templates/argocd-server/gke/managedcertificate.yaml"],
            },
            {
                apiVersion: "networking.gke.io/v1beta1",
                kind: "FrontendConfig",
                templates: ["templates/argocd-server/gke/frontendconfig.yaml"],
            },
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "Ingress",
                templates: [
                    "templates/argocd-applicationset/ingress.yaml",
                    "templates/argocd-server/aws/ingress.yaml",
                    "templates/argocd-server/gke/ingress.yaml",
                    "templates/argocd-server/ingress-grpc.yaml",
                    "templates/argocd-server/ingress.yaml",
                ],
            },
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                templates: [
                    "templates/argocd-application-controller/networkpolicy.yaml",
                    "templates/argocd-applicationset/networkpolicy.yaml",
                    "templates/argocd-commit-server/networkpolicy.yaml",
                    "templates/argocd-notifications/networkpolicy.yaml",
                    "templates/argocd-repo-server/networkpolicy.yaml",
                    "templates/argocd-server/networkpolicy.yaml",
                    "templates/dex/networkpolicy.yaml",
                    "templates/networkpolicy-default-deny.yaml",
                    "templates/redis/networkpolicy.yaml",
                ],
            },
            {
                apiVersion: "policy/v1",
                kind: "PodDisruptionBudget",
                templates: [
                    "templates/argocd-application-controller/pdb.yaml",
                    "templates/argocd-applicationset/pdb.yaml",
                    "templates/argocd-notifications/pdb.yaml",
                    "templates/argocd-repo-server/pdb.yaml",
                    "templates/argocd-server/pdb.yaml",
                    "templates/dex/pdb.yaml",
                    "templates/redis/pdb.yaml",
                ],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRole",
                templates: [
                    "templates/aggregate-roles.yaml",
                    "templates/argocd-application-controller/clusterrole.yaml",
                    "templates/argocd-applicationset/clusterrole.yaml",
                    "templates/argocd-notifications/clusterrole.yaml",
                    "templates/argocd-repo-server/clusterrole.yaml",
                    "templates/argocd-server/clusterrole.yaml",
                ],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                templates: [
                    "templates/argocd-application-controller/clusterrolebinding.yaml",
                    "templates/argocd-applicationset/clusterrolebinding.yaml",
                    "templates/argocd-notifications/clusterrolebinding.yaml",
                    "templates/argocd-repo-server/clusterrolebinding.yaml",
                    "templates/argocd-server/clusterrolebinding.yaml",
                ],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "Role",
                templates: [
                    "templates/argocd-application-controller/role.yaml",
                    "templates/argocd-applicationset/role.yaml",
                    "templates/argocd-notifications/role.yaml",
                    "templates/argocd-repo-server/role.yaml",
                    "templates/argocd-server/role.yaml",
                    "templates/dex/role.yaml",
                    "templates/redis-secret-init/role.yaml",
                ],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                templates: [
                    "templates/argocd-application-controller/rolebinding.yaml",
                    "templates/argocd-applicationset/rolebinding.yaml",
                    "templates/argocd-notifications/rolebinding.yaml",
                    "templates/argocd-repo-server/rolebinding.yaml",
                    "templates/argocd-server/rolebinding.yaml",
                    "templates/dex/rolebinding.yaml",
                    "templates/redis-secret-init/rolebinding.yaml",
                ],
            },
            {
                apiVersion: "route.openshift.io/v1",
                kind: "Route",
                templates: ["templates/argocd-server/openshift/route.yaml"],
            },
            {
                apiVersion: "v1",
                kind: "ConfigMap",
                templates: [
                    "templates/argocd-configs/argocd-cm.yaml",
                    "templates/argocd-configs/argocd-cmd-params-cm.yaml",
                    "templates/argocd-configs/argocd-cmp-cm.yaml",
                    "templates/argocd-configs/argocd-gpg-keys-cm.yaml",
                    "templates/argocd-configs/argocd-notifications-cm.yaml",
                    "templates/argocd-configs/argocd-rbac-cm.yaml",
                    "templates/argocd-configs/argocd-ssh-known-hosts-cm.yaml",
                    "templates/argocd-configs/argocd-styles-cm.yaml",
                    "templates/argocd-configs/argocd-tls-certs-cm.yaml",
                    "templates/redis/health-configmap.yaml",
                ],
            },
            {
                apiVersion: "v1",
                kind: "Secret",
                templates: [
                    "templates/argocd-configs/argocd-dex-server-tls-secret.yaml",
                    "templates/argocd-configs/argocd-notifications-secret.yaml",
                    "templates/argocd-configs/argocd-repo-server-tls-secret.yaml",
                    "templates/argocd-configs/argocd-secret.yaml",
                    "templates/argocd-configs/argocd-server-tls-secret.yaml",
                    "templates/argocd-configs/cluster-secrets.yaml",
                    "templates/argocd-configs/externalredis-secret.yaml",
                    "templates/argocd-configs/repository-credentials-secret.yaml",
                    "templates/argocd-configs/repository-secret.yaml",
                ],
            },
            {
                apiVersion: "v1",
                kind: "Service",
                templates: [
                    "templates/argocd-application-controller/metrics.yaml",
                    "templates/argocd-applicationset/metrics.yaml",
                    "templates/argocd-applicationset/service.yaml",
                    "templates/argocd-commit-server/metrics.yaml",
                    "templates/argocd-commit-server/service.yaml",
                    "templates/argocd-notifications/metrics.yaml",
                    "templates/argocd-repo-server/metrics.yaml",
                    "templates/argocd-repo-server/service.yaml",
                    "templates/argocd-server/aws/service.yaml",
                    "templates/argocd-server/metrics.yaml",
                    "templates/argocd-server/service.yaml",
                    "templates/dex/service.yaml",
                    "templates/redis/metrics.yaml",
                    "templates/redis/service.yaml",
                ],
            },
            {
                apiVersion: "v1",
                kind: "ServiceAccount",
                templates: [
                    "templates/argocd-application-controller/serviceaccount.yaml",
                    "templates/argocd-applicationset/serviceaccount.yaml",
                    "templates/argocd-commit-server/serviceaccount.yaml",
                    "templates/argocd-notifications/serviceaccount.yaml",
                    "templates/argocd-repo-server/serviceaccount.yaml",
                    "templates/argocd-server/serviceaccount.yaml",
                    "templates/dex/serviceaccount.yaml",
                    "templates/redis-secret-init/serviceaccount.yaml",
                    "templates/redis/serviceaccount.yaml",
                ],
            },
        ],
    },
    {
        chart: "argocd-image-updater",
        version: "1.2.4",
        source: "argoproj/argo-helm @ argocd-image-updater-1.2.4 = acc3ab50, charts/argocd-image-updater/",
        objects: [
            {
                apiVersion: "apiextensions.k8s.io/v1",
                kind: "CustomResourceDefinition",
                templates: ["templates/crd-imageupdaters.yaml"],
            },
            { apiVersion: "apps/v1", kind: "Deployment", templates: ["templates/deployment.yaml"] },
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                templates: ["templates/servicemonitor.yaml"],
            },
            { apiVersion: "networking.k8s.io/v1", kind: "Ingress", templates: ["templates/ingress.yaml"] },
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                templates: ["templates/metrics-service.yaml"],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRole",
                templates: ["templates/rbac-metrics.yaml", "templates/rbac.yaml"],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                templates: ["templates/rbac-metrics.yaml", "templates/rbac.yaml"],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "Role",
                templates: ["templates/rbac-leader-election.yaml", "templates/rbac.yaml"],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                templates: ["templates/rbac-leader-election.yaml", "templates/rbac.yaml"],
            },
            {
                apiVersion: "v1",
                kind: "ConfigMap",
                templates: [
                    "templates/configmap-authscripts.yaml",
                    "templates/configmap-sshconfig.yaml",
                    "templates/configmap.yaml",
                ],
            },
            { apiVersion: "v1", kind: "Secret", templates: ["templates/secret.yaml"] },
            {
                apiVersion: "v1",
                kind: "Service",
                templates: ["templates/metrics-service.yaml", "templates/service.yaml"],
            },
            { apiVersion: "v1", kind: "ServiceAccount", templates: ["templates/serviceaccount.yaml"] },
        ],
    },
    {
        chart: "external-secrets",
        version: "2.9.0",
        source: "external-secrets/external-secrets @ helm-chart-2.9.0 = cc5bfbc2, deploy/charts/external-secrets/",
        objects: [
            {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingWebhookConfiguration",
                templates: ["templates/validatingwebhook.yaml"],
            },
            {
                apiVersion: "apiextensions.k8s.io/v1",
                kind: "CustomResourceDefinition",
                templates: [
                    "config/crds/bases/external-secrets.io_clusterexternalsecrets.yaml",
                    "config/crds/bases/external-secrets.io_clusterpushsecrets.yaml",
                    "config/crds/bases/external-secrets.io_clustersecretstores.yaml",
                    "config/crds/bases/external-secrets.io_externalsecrets.yaml",
                    "config/crds/bases/external-secrets.io_pushsecrets.yaml",
                    "config/crds/bases/external-secrets.io_secretstores.yaml",
                    "config/crds/bases/generators.external-secrets.io_acraccesstokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_beyondtrustworkloadcredentialsdynamicsecrets.yaml",
                    "config/crds/bases/generators.external-secrets.io_cloudsmithaccesstokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_clustergenerators.yaml",
                    "config/crds/bases/generators.external-secrets.io_ecrauthorizationtokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_fakes.yaml",
                    "config/crds/bases/generators.external-secrets.io_gcraccesstokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_generatorstates.yaml",
                    "config/crds/bases/generators.external-secrets.io_githubaccesstokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_gitlabdeploytokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_grafanas.yaml",
                    "config/crds/bases/generators.external-secrets.io_mfas.yaml",
                    "config/crds/bases/generators.external-secrets.io_passwords.yaml",
                    "config/crds/bases/generators.external-secrets.io_quayaccesstokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_sshkeys.yaml",
                    "config/crds/bases/generators.external-secrets.io_stssessiontokens.yaml",
                    "config/crds/bases/generators.external-secrets.io_uuids.yaml",
                    "config/crds/bases/generators.external-secrets.io_vaultdynamicsecrets.yaml",
                    "config/crds/bases/generators.external-secrets.io_webhooks.yaml",
                ],
            },
            {
                apiVersion: "apps/v1",
                kind: "Deployment",
                templates: [
                    "templates/cert-controller-deployment.yaml",
                    "templates/deployment.yaml",
                    "templates/webhook-deployment.yaml",
                ],
            },
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                templates: ["templates/webhook-certificate.yaml"],
            },
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                templates: ["templates/servicemonitor.yaml"],
            },
            {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                templates: [
                    "templates/cert-controller-networkpolicy.yaml",
                    "templates/networkpolicy.yaml",
                    "templates/webhook-networkpolicy.yaml",
                ],
            },
            {
                apiVersion: "policy/v1",
                kind: "PodDisruptionBudget",
                templates: [
                    "templates/cert-controller-poddisruptionbudget.yaml",
                    "templates/poddisruptionbudget.yaml",
                    "templates/webhook-poddisruptionbudget.yaml",
                ],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRole",
                templates: [
                    "templates/cert-controller-rbac.yaml",
                    "templates/rbac.yaml",
                    "templates/webhook-rbac.yaml",
                ],
            },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                templates: [
                    "templates/cert-controller-rbac.yaml",
                    "templates/rbac.yaml",
                    "templates/webhook-rbac.yaml",
                ],
            },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", templates: ["templates/rbac.yaml"] },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", templates: ["templates/rbac.yaml"] },
            { apiVersion: "v1", kind: "ConfigMap", templates: ["templates/grafana-dashboard.yaml"] },
            {
                apiVersion: "v1",
                kind: "Secret",
                templates: [
                    "templates/cert-controller-serviceaccount.yaml",
                    "templates/serviceaccount.yaml",
                    "templates/webhook-secret.yaml",
                    "templates/webhook-serviceaccount.yaml",
                ],
            },
            {
                apiVersion: "v1",
                kind: "Service",
                templates: [
                    "templates/cert-controller-service.yaml",
                    "templates/service.yaml",
                    "templates/webhook-service.yaml",
                ],
            },
            {
                apiVersion: "v1",
                kind: "ServiceAccount",
                templates: [
                    "templates/cert-controller-serviceaccount.yaml",
                    "templates/serviceaccount.yaml",
                    "templates/webhook-serviceaccount.yaml",
                ],
            },
        ],
    },
    {
        chart: "aws-load-balancer-controller",
        version: "3.5.0",
        source: "aws/eks-charts @ 5239609 = 52396092, stable/aws-load-balancer-controller/",
        objects: [
            {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "MutatingWebhookConfiguration",
                templates: ["templates/webhook.yaml"],
            },
            {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingWebhookConfiguration",
                templates: ["templates/webhook.yaml"],
            },
            {
                apiVersion: "apiextensions.k8s.io/v1",
                kind: "CustomResourceDefinition",
                templates: ["crds/crds.yaml", "crds/gateway-crds.yaml"],
            },
            { apiVersion: "apps/v1", kind: "Deployment", templates: ["templates/deployment.yaml"] },
            { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", templates: ["templates/hpa.yaml"] },
            {
                apiVersion: "autoscaling/v2beta2",
                kind: "HorizontalPodAutoscaler",
                templates: ["templates/hpa.yaml"],
                onlyBelow: "1.23",
            },
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                templates: ["templates/cert-manager.yaml", "templates/webhook.yaml"],
            },
            { apiVersion: "cert-manager.io/v1", kind: "Issuer", templates: ["templates/cert-manager.yaml"] },
            {
                apiVersion: "elbv2.k8s.aws/v1beta1",
                kind: "IngressClassParams",
                templates: ["templates/ingressclass.yaml"],
            },
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                templates: ["templates/servicemonitor.yaml"],
            },
            { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", templates: ["templates/ingressclass.yaml"] },
            { apiVersion: "policy/v1", kind: "PodDisruptionBudget", templates: ["templates/pdb.yaml"] },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", templates: ["templates/rbac.yaml"] },
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                templates: ["templates/rbac.yaml"],
            },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", templates: ["templates/rbac.yaml"] },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", templates: ["templates/rbac.yaml"] },
            { apiVersion: "v1", kind: "Secret", templates: ["templates/webhook.yaml"] },
            { apiVersion: "v1", kind: "Service", templates: ["templates/service.yaml"] },
            { apiVersion: "v1", kind: "ServiceAccount", templates: ["templates/serviceaccount.yaml"] },
        ],
    },
];
