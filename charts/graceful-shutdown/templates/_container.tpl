{{/*
What a team's Deployment includes in its pod and container, all from the gracefulShutdown
values block (see _settings.tpl). The container must declare a port named "management" with
the number of graceful-shutdown.managementPort.

  spec:
    terminationGracePeriodSeconds: {{ include "graceful-shutdown.terminationGracePeriodSeconds" . }}
    containers:
      - env:
          {{- include "graceful-shutdown.env" . | nindent 10 }}
        {{- with include "graceful-shutdown.lifecycle" . }}
        lifecycle:
          {{- . | nindent 10 }}
        {{- end }}
        {{- include "graceful-shutdown.probes" . | nindent 8 }}
        {{- include "graceful-shutdown.terminationMessagePolicy" . | nindent 8 }}
*/}}

{{/*
Entries of the container's env list: the app's graceful-shutdown.* settings, its management
port and the actuator endpoints the probes, the metrics and the preStop hook need.
*/}}
{{- define "graceful-shutdown.env" -}}
{{- $gs := include "graceful-shutdown.settings" . | fromJson -}}
- name: MANAGEMENT_SERVER_PORT
  value: {{ include "graceful-shutdown.managementPort" . | quote }}
- name: MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE
  value: {{ include "graceful-shutdown.exposedEndpoints" . | quote }}
{{- if eq $gs.preStop "http" }}
- name: MANAGEMENT_ENDPOINT_PRESTOP_ACCESS
  value: "read-only"
{{- with $gs.preStopToken }}
{{- /* Plain, as in the kubelet's header: a Secret would hide it from no one who can read the pod */}}
- name: GRACEFUL_SHUTDOWN_PRESTOP_TOKEN
  value: {{ . | toString | quote }}
{{- end }}
{{- end }}
- name: GRACEFUL_SHUTDOWN_PROPAGATION_DELAY
  value: "{{ include "graceful-shutdown.appPropagationDelaySeconds" . }}s"
{{- with int $gs.quietPeriodMilliseconds }}
- name: GRACEFUL_SHUTDOWN_QUIET_PERIOD
  value: "{{ . }}ms"
{{- end }}
- name: GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT
  value: "{{ int $gs.drainTimeoutSeconds }}s"
{{- with int (include "graceful-shutdown.awaitFinalScrapeSeconds" .) }}
- name: GRACEFUL_SHUTDOWN_METRICS_AWAIT_FINAL_SCRAPE
  value: "{{ . }}s"
{{- end }}
- name: GRACEFUL_SHUTDOWN_TERMINATION_GRACE_PERIOD
  value: "{{ include "graceful-shutdown.terminationGracePeriodSeconds" . }}s"
{{- end }}

{{/*
The content of the container's lifecycle: the preStop action for the mode. Empty when there is
no hook (preStop none, or a sleep of 0 seconds), so wrap it in a `with`.
*/}}
{{- define "graceful-shutdown.lifecycle" -}}
{{- $gs := include "graceful-shutdown.settings" . | fromJson }}
{{- if eq $gs.preStop "http" -}}
preStop:
  {{- /* Starts the app's propagation phase and returns when it is over */}}
  httpGet:
    path: /actuator/prestop
    port: management
    {{- $headers := $gs.preStopHttpHeaders | default list }}
    {{- with $gs.preStopToken }}
    {{- $headers = append $headers (dict "name" "X-Graceful-Shutdown-Token" "value" (toString .)) }}
    {{- end }}
    {{- with $headers }}
    httpHeaders:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- else if and (eq $gs.preStop "sleep") (gt (int $gs.propagationDelaySeconds) 0) -}}
preStop:
  sleep:
    seconds: {{ int $gs.propagationDelaySeconds }}
{{- end }}
{{- end }}

{{/*
The container's readinessProbe and livenessProbe, on the management port. Readiness goes
DOWN as soon as the shutdown begins and is asked every 2 seconds; liveness stays UP during
the shutdown. gracefulShutdown.probes.readiness and .liveness are merged over each.
*/}}
{{- define "graceful-shutdown.probes" -}}
{{- $gs := include "graceful-shutdown.settings" . | fromJson }}
{{- $readiness := dict "httpGet" (dict "path" "/actuator/health/readiness" "port" "management") "periodSeconds" 2 "failureThreshold" 2 }}
{{- $liveness := dict "httpGet" (dict "path" "/actuator/health/liveness" "port" "management") "periodSeconds" 10 "failureThreshold" 3 -}}
readinessProbe:
  {{- mergeOverwrite $readiness ($gs.probes.readiness | default dict) | toYaml | nindent 2 }}
livenessProbe:
  {{- mergeOverwrite $liveness ($gs.probes.liveness | default dict) | toYaml | nindent 2 }}
{{- end }}

{{/*
The container's terminationMessagePolicy. The app writes its final report, or its last gasp
before SIGKILL, to /dev/termination-log; a container that ends without writing it, such as
one that failed to start, shows the end of its log instead.
*/}}
{{- define "graceful-shutdown.terminationMessagePolicy" -}}
terminationMessagePolicy: FallbackToLogsOnError
{{- end }}
