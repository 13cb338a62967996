{{/*
An optional NetworkPolicy (networkPolicy.enabled) for the pods of the release: the
application ports stay open to every source, as without a policy; the management port
(probes, /actuator/prometheus, /actuator/prestop) admits only the namespaces and pods named in
networkPolicy.management. Any other port of the pods is closed, as with any Ingress policy.

The kubelet's probes and preStop httpGet come from the pod's own node, which NetworkPolicy
lets through on common CNIs, so neither needs a rule. Pods the policy admits can still call
/actuator/prestop: the preStop credential (gracefulShutdown.preStopHttpHeaders) is what keeps
them from taking a pod out of rotation.

Use, in a template of the including chart: {{ include "graceful-shutdown.networkPolicy" . }}
*/}}
{{- define "graceful-shutdown.networkPolicy" -}}
{{- $policy := .Values.networkPolicy | default dict }}
{{- if $policy.enabled }}
{{- $management := $policy.management | default dict }}
{{- $namespaces := ternary (list "monitoring") $management.namespaces (kindIs "invalid" $management.namespaces) }}
{{- /* By default the application's ports: http, and grpc when the app has a gRPC server */}}
{{- $defaultPorts := list (dict "port" "http" "protocol" "TCP") }}
{{- if include "graceful-shutdown.grpcPort" . }}
{{- $defaultPorts = append $defaultPorts (dict "port" "grpc" "protocol" "TCP") }}
{{- end }}
{{- $applicationPorts := ternary $defaultPorts $policy.applicationPorts (kindIs "invalid" $policy.applicationPorts) }}
{{- $peers := list }}
{{- range $namespaces }}
{{- $peers = append $peers (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" .))) }}
{{- end }}
{{- range $management.pods }}
{{- if not .matchLabels }}
{{- fail "networkPolicy.management.pods: every entry needs matchLabels (and, for another namespace than the release's, namespace)" }}
{{- end }}
{{- $peer := dict "podSelector" (dict "matchLabels" .matchLabels) }}
{{- with .namespace }}
{{- $_ := set $peer "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" .)) }}
{{- end }}
{{- $peers = append $peers $peer }}
{{- end }}
{{- range $management.extraFrom }}
{{- $peers = append $peers . }}
{{- end }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "graceful-shutdown.fullname" . }}
  labels:
    {{- include "graceful-shutdown.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "graceful-shutdown.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    {{- with $applicationPorts }}
    {{- /* No "from": the application ports admit every source */}}
    - ports:
        {{- toYaml . | nindent 8 }}
    {{- end }}
    {{- if $peers }}
    - from:
        {{- toYaml $peers | nindent 8 }}
      ports:
        - port: {{ include "graceful-shutdown.managementPort" . | int }}
          protocol: TCP
    {{- end }}
{{- end }}
{{- end }}
