{{/*
Expand the name of the chart.
*/}}
{{- define "graceful-shutdown-demo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "graceful-shutdown-demo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "graceful-shutdown-demo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. helm.sh/chart and the version change on upgrade, so they never go in a selector.
*/}}
{{- define "graceful-shutdown-demo.labels" -}}
helm.sh/chart: {{ include "graceful-shutdown-demo.chart" . }}
{{ include "graceful-shutdown-demo.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: immutable in a Deployment, so only what never changes for a release.
*/}}
{{- define "graceful-shutdown-demo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "graceful-shutdown-demo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "graceful-shutdown-demo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "graceful-shutdown-demo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The preStop mode, checked here as well as in values.schema.json, which
--skip-schema-validation turns off.
*/}}
{{- define "graceful-shutdown-demo.preStop" -}}
{{- $preStop := .Values.gracefulShutdown.preStop | toString }}
{{- if not (has $preStop (list "http" "sleep" "none")) }}
{{- fail (printf "gracefulShutdown.preStop (%s) must be one of http, sleep, none" $preStop) }}
{{- end }}
{{- if and (eq $preStop "sleep") (gt (int (default 0 .Values.gracefulShutdown.quietPeriodMilliseconds)) 0) }}
{{- fail "gracefulShutdown.quietPeriodMilliseconds needs preStop http or none: a preStop sleep always lasts the whole propagation delay" }}
{{- end }}
{{- if and (eq $preStop "sleep") (not (semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version)) }}
{{- fail (printf "gracefulShutdown.preStop sleep needs Kubernetes 1.30 or later (this is %s): use http instead" .Capabilities.KubeVersion.Version) }}
{{- end }}
{{- $preStop }}
{{- end }}

{{/*
The seconds the app itself waits after SIGTERM (or after /actuator/prestop is called)
before it drains. With a preStop sleep the kubelet has already waited, so the app does not.
*/}}
{{- define "graceful-shutdown-demo.appPropagationDelaySeconds" -}}
{{- if eq (include "graceful-shutdown-demo.preStop" .) "sleep" }}
{{- 0 }}
{{- else }}
{{- int .Values.gracefulShutdown.propagationDelaySeconds }}
{{- end }}
{{- end }}

{{/*
The pod's terminationGracePeriodSeconds. The kubelet's clock starts before the preStop hook,
and in every mode the preStop hook is the propagation delay itself (an HTTP call that returns
when the app's propagation phase is over, a sleep of the same length, or nothing), so the
sequence needs propagationDelaySeconds + drainTimeoutSeconds, plus marginSeconds for the JVM
to exit. Empty means exactly that; an explicit value may be larger, never smaller.
*/}}
{{- define "graceful-shutdown-demo.terminationGracePeriodSeconds" -}}
{{- $gs := .Values.gracefulShutdown }}
{{- $delay := int $gs.propagationDelaySeconds }}
{{- $drain := int $gs.drainTimeoutSeconds }}
{{- $margin := int $gs.marginSeconds }}
{{- $required := add $delay $drain $margin }}
{{- $explicit := .Values.terminationGracePeriodSeconds }}
{{- if or (kindIs "invalid" $explicit) (eq (toString $explicit) "") }}
{{- $required }}
{{- else if lt (int $explicit) $required }}
{{- fail (printf "terminationGracePeriodSeconds (%d) is less than propagationDelaySeconds (%d) + drainTimeoutSeconds (%d) + marginSeconds (%d) = %d: raise it or leave it empty to have it computed" (int $explicit) $delay $drain $margin $required) }}
{{- else }}
{{- int $explicit }}
{{- end }}
{{- end }}

{{/*
The actuator endpoints exposed over HTTP on the management port.
*/}}
{{- define "graceful-shutdown-demo.exposedEndpoints" -}}
{{- $endpoints := list "health" "prometheus" "gracefulshutdown" }}
{{- if eq (include "graceful-shutdown-demo.preStop" .) "http" }}
{{- $endpoints = append $endpoints "prestop" }}
{{- end }}
{{- join "," $endpoints }}
{{- end }}
