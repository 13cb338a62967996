{{/*
An optional Prometheus Operator PrometheusRule (prometheusRule.enabled) alerting on the
starter's shutdown meters, with thresholds computed from the same gracefulShutdown block as the
pod, so they follow the propagation delay, the preStop mode and the grace period:

- GracefulShutdownRequestsAborted: requests were still running when the drain timed out.
- GracefulShutdownPropagationDelayTooShort: application requests kept arriving until close to
  the end of the app's propagation delay (propagationLagRatio of it; with preStop sleep, whose
  app delay is 0, any request after SIGTERM).
- GracefulShutdownOutOfGracePeriod: the propagation and drain phases (plus a preStop sleep)
  used more of the grace period than it has once the margin for the JVM to exit is set aside.

A pod's shutdown meters are only seen if a scrape lands during its shutdown, and the pod is
gone right after, so every alert looks back over prometheusRule.window and fires at once (no
"for"), for about that long. The aborted requests counter only moves in a shutdown, once per
process, so its largest value is the count; increase() would extrapolate it.

Use, in a template of the including chart: {{ include "graceful-shutdown.prometheusRule" . }}
*/}}
{{- define "graceful-shutdown.prometheusRule" -}}
{{- $rule := .Values.prometheusRule | default dict }}
{{- if $rule.enabled }}
{{- $gs := include "graceful-shutdown.settings" . | fromJson }}
{{- $selector := tpl ($rule.selector | default "namespace=\"{{ .Release.Namespace }}\"") . }}
{{- $window := $rule.window | default "10m" }}
{{- $ratio := $rule.propagationLagRatio | default 0.8 }}
{{- if or (le (float64 $ratio) 0.0) (gt (float64 $ratio) 1.0) }}
{{- fail (printf "prometheusRule.propagationLagRatio (%v) must be above 0 and at most 1" $ratio) }}
{{- end }}
{{- $appDelay := include "graceful-shutdown.appPropagationDelaySeconds" . | int }}
{{- $sleep := ternary (int $gs.propagationDelaySeconds) 0 (eq $gs.preStop "sleep") }}
{{- $grace := include "graceful-shutdown.terminationGracePeriodSeconds" . | int }}
{{- $margin := int $gs.marginSeconds }}
{{- $labels := merge (dict "severity" ($rule.severity | default "warning")) ($rule.alertLabels | default dict) }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "graceful-shutdown.fullname" . }}
  {{- with $rule.namespace }}
  namespace: {{ . }}
  {{- end }}
  labels:
    {{- include "graceful-shutdown.labels" . | nindent 4 }}
    {{- with $rule.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  groups:
    - name: {{ include "graceful-shutdown.fullname" . }}.graceful-shutdown
      rules:
        - alert: GracefulShutdownRequestsAborted
          expr: >-
            max by (namespace, pod) (max_over_time(graceful_shutdown_aborted_requests_total{ {{- $selector -}} }[{{ $window }}])) > 0
          labels:
            {{- toYaml $labels | nindent 12 }}
          annotations:
            summary: Requests were aborted when the drain timed out.
            description: >-
              {{`{{ $labels.namespace }}/{{ $labels.pod }} aborted {{ $value | humanize }} requests still running`}}
              when its drain timeout of {{ int $gs.drainTimeoutSeconds }}s was over. Raise
              gracefulShutdown.drainTimeoutSeconds above the slowest request, or make those requests shorter.
        - alert: GracefulShutdownPropagationDelayTooShort
          expr: >-
            max by (namespace, pod) (max_over_time(graceful_shutdown_propagation_lag_seconds{ {{- $selector -}} }[{{ $window }}])) > {{ $ratio }} * {{ $appDelay }}
          labels:
            {{- toYaml $labels | nindent 12 }}
          annotations:
            summary: Requests kept arriving until late in the propagation delay.
            description: >-
              {{`{{ $labels.namespace }}/{{ $labels.pod }} received its last application request {{ $value | humanizeDuration }}`}}
              {{- if eq $gs.preStop "sleep" }}
              after SIGTERM, that is after the preStop sleep of {{ int $gs.propagationDelaySeconds }}s was over:
              load balancers were still routing to it.
              {{- else }}
              after its shutdown began, against a propagation delay of {{ $appDelay }}s: load balancers may
              still have been routing to it when the drain started.
              {{- end }}
              Raise gracefulShutdown.propagationDelaySeconds.
        - alert: GracefulShutdownOutOfGracePeriod
          expr: >-
            max by (namespace, pod) (sum without (phase) (max_over_time(graceful_shutdown_phase_duration_seconds{ {{- $selector -}}, phase=~"propagating|draining"}[{{ $window }}]))) + {{ $sleep }} > {{ $grace }} - {{ $margin }}
          labels:
            {{- toYaml $labels | nindent 12 }}
          annotations:
            summary: A shutdown ran out of its grace period.
            description: >-
              {{`{{ $labels.namespace }}/{{ $labels.pod }} had spent {{ $value | humanizeDuration }}`}} shutting down
              {{- if $sleep }} (the preStop sleep included){{ end }} when last scraped, out of a grace period of
              {{ $grace }}s: less than the {{ $margin }}s margin was left for the JVM to exit, so the kubelet may
              have killed it before the drain participants finished. Raise gracefulShutdown.terminationGracePeriodSeconds
              or lower graceful-shutdown.participants.timeout.
{{- end }}
{{- end }}
