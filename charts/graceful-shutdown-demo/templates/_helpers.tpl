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
Values of chart 0.1.0 that moved: values.schema.json lets them through so that this fails
naming where each went, rather than with the schema's "additional properties" message.
*/}}
{{- define "graceful-shutdown-demo.movedValues" -}}
{{- range $old, $new := dict "terminationGracePeriodSeconds" "gracefulShutdown.terminationGracePeriodSeconds" "livenessProbe" "gracefulShutdown.probes.liveness" "readinessProbe" "gracefulShutdown.probes.readiness" }}
{{- if hasKey $.Values $old }}
{{- fail (printf "%s moved to %s in chart 0.2.0" $old $new) }}
{{- end }}
{{- end }}
{{- end }}
